/** The Supported header field that says we take INVITEs with Replaces (RFC 3891 section 6.1). */
export const SUPPORTED_REPLACES: readonly [string, string] = ['Supported', 'replaces'];
