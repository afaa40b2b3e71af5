import CCurl

/// One libcurl easy handle kept for many transfers, with the options that are the same for
/// every transfer of a client applied once, when the handle is made, rather than per request.
///
/// A transfer that sets only the options every transfer sets (`CurlTransfer.configure`: URL,
/// timeouts, size cap, method GET, header list, callbacks) leaves the handle as it found it,
/// so the next transfer reuses it as it is. One that set anything else — a body, another
/// method, basic credentials, TLS files — marks it `needsReset`, and it is reset to libcurl's
/// defaults and configured afresh before it is used again: no option of one request can
/// leak into the next. Confined to the thread that drives its multi handle.
final class CurlEasyHandle {
    let raw: UnsafeMutableRawPointer
    /// libcurl writes its error text here (CURLOPT_ERRORBUFFER); cleared per transfer.
    let errorBuffer: UnsafeMutablePointer<CChar>
    /// The last transfer set an option that the next one would not set again.
    var needsReset = false
    /// A constant option libcurl refused; every transfer on this handle fails with it.
    private(set) var refused: String?

    init?(configuration: CurlClientConfiguration) {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        applyConstants(configuration)
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// Back to libcurl's defaults plus the constant options, after a transfer that changed
    /// more than the per-transfer set.
    func reset(configuration: CurlClientConfiguration) {
        curl_easy_reset(raw)
        needsReset = false
        applyConstants(configuration)
    }

    private func applyConstants(_ configuration: CurlClientConfiguration) {
        var options = CurlOptions(raw)
        options.set(CURLOPT_ERRORBUFFER, pointer: UnsafeRawPointer(errorBuffer), "ERRORBUFFER")
        options.set(CURLOPT_PROTOCOLS_STR, string: "http,https", "PROTOCOLS_STR")
        options.set(CURLOPT_REDIR_PROTOCOLS_STR, string: "http,https", "REDIR_PROTOCOLS_STR")
        options.set(CURLOPT_FOLLOWLOCATION, 0, "FOLLOWLOCATION")
        options.set(CURLOPT_NOSIGNAL, 1, "NOSIGNAL")
        // The proxy is what the configuration says and nothing else: an explicit empty proxy
        // turns off `http_proxy` and friends, and an explicit empty no-proxy list keeps
        // libcurl from reading `no_proxy`/`NO_PROXY` from the environment on every transfer.
        options.set(CURLOPT_PROXY, string: configuration.proxy ?? "", "PROXY")
        options.set(CURLOPT_NOPROXY, string: "", "NOPROXY")
        options.set(CURLOPT_MAXAGE_CONN, max(1, Int(configuration.maxIdleConnectionAge.components.seconds)), "MAXAGE_CONN")
        options.set(CURLOPT_TCP_NODELAY, 1, "TCP_NODELAY")
        // Verification is always on; these restate libcurl's defaults so no build can differ.
        options.set(CURLOPT_SSL_VERIFYPEER, 1, "SSL_VERIFYPEER")
        options.set(CURLOPT_SSL_VERIFYHOST, 2, "SSL_VERIFYHOST")
        options.set(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2, "SSLVERSION")
        let version = configuration.http2OverTLS ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1
        options.set(CURLOPT_HTTP_VERSION, version, "HTTP_VERSION")
        // libcurl sends it only when the caller's headers carry no User-Agent of their own.
        options.set(CURLOPT_USERAGENT, string: configuration.userAgent, "USERAGENT")
        options.record(sb_easy_setopt_write(raw, CurlTransfer.onBody), "WRITEFUNCTION")
        options.record(sb_easy_setopt_header(raw, CurlTransfer.onHeader), "HEADERFUNCTION")
        refused = options.firstFailure
    }
}
