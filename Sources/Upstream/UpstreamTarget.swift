import CCurl

/// The parts of a request URL an error may show: scheme, host and path — never the query,
/// the fragment or userinfo. Parsed by libcurl's own URL parser so the check and the
/// transfer can never disagree about what the URL means.
struct UpstreamTarget: Sendable, Equatable {
    let scheme: String
    let host: String
    let path: String

    /// Only these leave the gateway; `file`, `gopher`, `dict`, ... are refused here, before a
    /// socket opens, and again by CURLOPT_PROTOCOLS_STR on the handle.
    static let allowedSchemes: Set<String> = ["http", "https"]

    static func parse(_ url: String, method: String) throws(UpstreamError) -> UpstreamTarget {
        guard let handle = curl_url() else {
            throw UpstreamError(.other("out of memory"), method: method, host: "", path: "")
        }
        defer { curl_url_cleanup(handle) }
        // No flags: a scheme is required (no guessing), and no whitespace or control bytes.
        guard !url.utf8.contains(where: { $0 < 0x21 || $0 == 0x7F }),
              curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else {
            throw UpstreamError(.invalidURL, method: method, host: "", path: "")
        }
        let scheme = (part(handle, CURLUPART_SCHEME) ?? "").lowercased()
        let host = part(handle, CURLUPART_HOST) ?? ""
        let path = part(handle, CURLUPART_PATH) ?? "/"
        guard allowedSchemes.contains(scheme), !host.isEmpty else {
            throw UpstreamError(.invalidURL, method: method, host: host, path: path)
        }
        return UpstreamTarget(scheme: scheme, host: host, path: path)
    }

    private static func part(_ handle: OpaquePointer, _ which: CURLUPart) -> String? {
        var out: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, which, &out, 0) == CURLUE_OK, let out else { return nil }
        defer { curl_free(out) }
        return String(cString: out)
    }
}
