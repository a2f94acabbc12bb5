import re,sys
files=['exc_10_16_table.c','exc_10_32_table.c','exc_20_32_table.c','exc_5_256_table.c','exc_5_64_table.c','exc_8_128_table.c','gain_table.c','gain_table_lbr.c','lsp_tables_nb.c','high_lsp_tables.c','hexc_10_32_table.c','hexc_table.c']
def camel(n):
    p=n.split('_'); r=p[0]
    for a,b in zip(p,p[1:]):
        r+=('_'+b) if (a.isdigit() and b.isdigit()) else (b[:1].upper()+b[1:])
    return r
out={}
for f in files:
    s=open(f).read()
    s=re.sub(r'/\*.*?\*/','',s,flags=re.S)
    for m in re.finditer(r'const signed char (\w+)\[(\d+)\]\s*=\s*\{(.*?)\}',s,re.S):
        name,n,body=m.group(1),int(m.group(2)),m.group(3)
        vals=[int(v) for v in re.findall(r'-?\d+',body)]
        assert len(vals)==n,(name,len(vals),n)
        out[name]=vals
def emit(path,names,doc):
    with open(path,'w') as o:
        o.write('// Generated from the libspeex 1.2.1 codebook tables (numeric data only) by\n// test-helpers/speex/gen-tables.py (run in libspeex/); do not edit by hand.\n\n')
        o.write('/* biome-ignore-all format: generated tables */\n')
        for n in names:
            v=out[n]
            o.write(f'/** {doc[n]} ({len(v)} values). */\nexport const {camel(n)} = Int8Array.from([\n')
            for i in range(0,len(v),20): o.write('  '+', '.join(map(str,v[i:i+20]))+',\n')
            o.write(']);\n\n')
d='/work/main/packages/codecs/src/speex/'
docs={'exc_10_16_table':'Innovation shapes, 10 samples x 16','exc_10_32_table':'Innovation shapes, 10 samples x 32','exc_20_32_table':'Innovation shapes, 20 samples x 32','exc_5_256_table':'Innovation shapes, 5 samples x 256','exc_5_64_table':'Innovation shapes, 5 samples x 64','exc_8_128_table':'Innovation shapes, 8 samples x 128','hexc_10_32_table':'High-band innovation shapes, 10 samples x 32','hexc_table':'High-band innovation shapes, 8 samples x 128',
'gain_cdbk_nb':'3-tap pitch gains (+ energy), 128 entries of 4','gain_cdbk_lbr':'3-tap pitch gains (+ energy), 32 entries of 4','cdbk_nb':'NB LSP stage 1, 64 x 10','cdbk_nb_low1':'NB LSP stage 2 low, 64 x 5','cdbk_nb_low2':'NB LSP stage 3 low, 64 x 5','cdbk_nb_high1':'NB LSP stage 2 high, 64 x 5','cdbk_nb_high2':'NB LSP stage 3 high, 64 x 5','high_lsp_cdbk':'High-band LSP stage 1, 64 x 8','high_lsp_cdbk2':'High-band LSP stage 2, 64 x 8'}
emit(d+'speex-exc-tables.ts',['exc_10_16_table','exc_10_32_table','exc_20_32_table','exc_5_256_table','exc_5_64_table','exc_8_128_table','hexc_10_32_table','hexc_table'],docs)
emit(d+'speex-lsp-gain-tables.ts',['gain_cdbk_nb','gain_cdbk_lbr','cdbk_nb','cdbk_nb_low1','cdbk_nb_low2','cdbk_nb_high1','cdbk_nb_high2','high_lsp_cdbk','high_lsp_cdbk2'],docs)
