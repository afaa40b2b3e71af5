import CCurl

/// One request on one easy handle, plus what has arrived so far. Confined to the loop
/// thread: made there from a `PendingTransfer`, driven by the multi handle, finished there.
final class CurlTransfer {
    let pending: PendingTransfer
    let easy: CurlEasyHandle
    private let configuration: CurlClientConfiguration
    private var headerList: UnsafeMutablePointer<curl_slist>?

    private(set) var status = 0
    /// The header lines of the last response head, as received: parsed into fields by the
    /// caller (`ResponseHead`), so the curl thread only copies bytes.
    private(set) var head: [UInt8] = []
    private(set) var body: [UInt8] = []
    private var headerBytes = 0
    /// Why a callback stopped the transfer; libcurl itself only reports a write error.
    private(set) var abortReason: UpstreamError.Kind?

    init(_ pending: PendingTransfer, easy: CurlEasyHandle, configuration: CurlClientConfiguration) {
        self.pending = pending
        self.easy = easy
        self.configuration = configuration
    }

    deinit {
        // The handle may still point at the list until its next transfer sets its own.
        curl_slist_free_all(headerList)
    }

    var handle: UnsafeMutableRawPointer { easy.raw }
    var request: UpstreamRequest { pending.request }

    /// The text libcurl left in the error buffer; used only for TLS reasons, which name
    /// certificates and hosts but never the URL's query or our headers.
    var errorText: String { String(cString: easy.errorBuffer) }

    /// Applies the options of this request on top of the handle's constant ones (see
    /// `CurlEasyHandle`). Returns the first option libcurl refused, if any — a transfer with
    /// a half-applied safety setting must not start.
    func configure() -> String? {
        if let refused = easy.refused { return refused }
        easy.errorBuffer[0] = 0
        var options = CurlOptions(handle)
        let r = request
        // Every transfer sets these, so they never need a reset between transfers.
        options.set(CURLOPT_URL, string: r.url, "URL")
        options.set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds(r.connectTimeout), "CONNECTTIMEOUT_MS")
        options.set(CURLOPT_TIMEOUT_MS, milliseconds(r.timeout), "TIMEOUT_MS")
        options.set(CURLOPT_MAXFILESIZE_LARGE, offset: curl_off_t(r.maxResponseBytes), "MAXFILESIZE_LARGE")
        let me = Unmanaged.passUnretained(self).toOpaque()
        options.set(CURLOPT_WRITEDATA, pointer: me, "WRITEDATA")
        options.set(CURLOPT_HEADERDATA, pointer: me, "HEADERDATA")
        // The rest only when asked for; each marks the handle for a reset before its next use.
        if let ca = r.tls.caFile {
            easy.needsReset = true
            options.set(CURLOPT_CAINFO, string: ca, "CAINFO")
            options.set(CURLOPT_CAPATH, pointer: nil, "CAPATH")  // the bundle replaces the system store
        }
        if let cert = r.tls.clientCertificateFile {
            easy.needsReset = true
            options.set(CURLOPT_SSLCERT, string: cert, "SSLCERT")
        }
        if let key = r.tls.clientKeyFile {
            easy.needsReset = true
            options.set(CURLOPT_SSLKEY, string: key, "SSLKEY")
        }
        if configuration.http2OverTLS, pending.target.scheme == "https" {
            // Wait for a connection still in its TLS handshake to say whether it multiplexes
            // rather than opening a second one. Not for plain http: there it only delays.
            easy.needsReset = true
            options.set(CURLOPT_PIPEWAIT, 1, "PIPEWAIT")
        }
        if let auth = r.basicAuth {
            easy.needsReset = true
            options.set(CURLOPT_HTTPAUTH, 1 /* CURLAUTH_BASIC */, "HTTPAUTH")
            options.set(CURLOPT_USERNAME, string: auth.username, "USERNAME")
            options.set(CURLOPT_PASSWORD, string: auth.password, "PASSWORD")
        }
        let sendsBody = configureMethodAndBody(&options)
        configureHeaders(&options, sendsBody: sendsBody)
        return options.firstFailure
    }

    /// Returns whether a body goes out (its headers need suppressing, see `configureHeaders`).
    /// Only a GET without a body leaves the handle reusable without a reset: HTTPGET alone
    /// undoes nothing that POST, NOBODY or CUSTOMREQUEST set.
    private func configureMethodAndBody(_ options: inout CurlOptions) -> Bool {
        let method = request.method.uppercased()
        if method == "GET", request.body == nil {
            options.set(CURLOPT_HTTPGET, 1, "HTTPGET")
            return false
        }
        easy.needsReset = true
        if method == "HEAD" {
            options.set(CURLOPT_NOBODY, 1, "NOBODY")
            return false
        }
        if method == "POST" {
            options.set(CURLOPT_POST, 1, "POST")
        } else {
            options.set(CURLOPT_CUSTOMREQUEST, string: request.method, "CUSTOMREQUEST")
        }
        // POST, PUT and PATCH always carry a length, even when empty, so servers that
        // insist on Content-Length get one.
        guard let body = request.body ?? (["POST", "PUT", "PATCH"].contains(method) ? [] : nil) else { return false }
        options.set(CURLOPT_POSTFIELDSIZE_LARGE, offset: curl_off_t(body.count), "POSTFIELDSIZE_LARGE")
        if body.isEmpty {
            options.set(CURLOPT_COPYPOSTFIELDS, string: "", "COPYPOSTFIELDS")
        } else {
            body.withUnsafeBytes { options.set(CURLOPT_COPYPOSTFIELDS, pointer: $0.baseAddress, "COPYPOSTFIELDS") }
        }
        return true
    }

    /// The caller's headers, as given. With a body, libcurl would add `Expect: 100-continue`
    /// (a round trip it waits up to a second for) and a form-urlencoded `Content-Type` the
    /// caller did not ask for: empty lines of those names switch both off. Without a body it
    /// adds neither, and every line here costs libcurl a comparison per header it considers
    /// adding, so none are sent. The User-Agent is the handle's (CURLOPT_USERAGENT), which
    /// libcurl leaves out when the caller brings its own.
    private func configureHeaders(_ options: inout CurlOptions, sendsBody: Bool) {
        var hasExpect = false, hasContentType = false
        for h in request.headers {
            if sendsBody {
                hasExpect = hasExpect || Self.sameName(h.name, "expect")
                hasContentType = hasContentType || Self.sameName(h.name, "content-type")
            }
            // libcurl drops "Name:" (empty value) unless it is written "Name;".
            append(h.value.isEmpty ? h.name + ";" : h.name + ": " + h.value)
        }
        if sendsBody {
            if !hasExpect { append("Expect:") }
            if !hasContentType { append("Content-Type:") }
        }
        options.set(CURLOPT_HTTPHEADER, pointer: headerList.map { UnsafeRawPointer($0) }, "HTTPHEADER")
    }

    private func append(_ line: String) { headerList = curl_slist_append(headerList, line) }

    /// Header names compare ASCII-case-insensitively; `lower` is already lower case.
    private static func sameName(_ name: String, _ lower: StaticString) -> Bool {
        let expected = UnsafeBufferPointer(start: lower.utf8Start, count: lower.utf8CodeUnitCount)
        guard name.utf8.count == expected.count else { return false }
        var i = 0
        for byte in name.utf8 {
            let folded: UInt8 = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            guard folded == expected[i] else { return false }
            i += 1
        }
        return true
    }

    private func milliseconds(_ d: Duration) -> Int {
        let c = d.components
        let ms = c.seconds * 1000 + c.attoseconds / 1_000_000_000_000_000
        return Int(max(1, ms))
    }

    // MARK: callbacks (run on the loop thread inside curl_multi_perform)

    static let onBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, me in
        guard let me, let data else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(me).takeUnretainedValue()
        let n = size * count
        guard transfer.body.count + n <= transfer.request.maxResponseBytes else {
            transfer.abortReason = .responseTooLarge(limit: transfer.request.maxResponseBytes)
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: n) {
            transfer.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: n))
        }
        return n
    }

    static let onHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = { data, size, count, me in
        guard let me, let data else { return 0 }
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(me).takeUnretainedValue()
        let n = size * count
        transfer.headerBytes += n
        guard transfer.headerBytes <= transfer.configuration.maxResponseHeaderBytes else {
            transfer.abortReason = .responseTooLarge(limit: transfer.configuration.maxResponseHeaderBytes)
            return 0
        }
        data.withMemoryRebound(to: UInt8.self, capacity: n) {
            transfer.headerLine(UnsafeBufferPointer(start: $0, count: n))
        }
        return n
    }

    private func headerLine(_ bytes: UnsafeBufferPointer<UInt8>) {
        if ResponseHead.isStatusLine(bytes) {
            // A new response head (after a 1xx or an auth round): only the last one counts.
            head.removeAll(keepingCapacity: true)
            return
        }
        head.append(contentsOf: bytes)
        if body.isEmpty, let length = ResponseHead.contentLength(bytes), length > 0 {
            body.reserveCapacity(min(length, request.maxResponseBytes))
        }
    }

    // MARK: results

    func response() -> CompletedTransfer {
        var code = 0
        _ = sb_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        return CompletedTransfer(status: code, head: ResponseHead(bytes: head), body: body)
    }

    /// Whether a TCP (and TLS) connection was ever established; tells a connect timeout from a
    /// timeout while waiting for the answer.
    var connected: Bool {
        var micros: curl_off_t = 0
        _ = sb_easy_getinfo_off(handle, CURLINFO_CONNECT_TIME_T, &micros)
        return micros > 0
    }
}
