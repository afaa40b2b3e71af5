import CCurl

/// The transfers of one multi handle: their easy handles, a few idle handles for reuse, and
/// how a transfer starts, is cancelled and finishes. Confined to the one thread that drives
/// the multi handle — the client's curl thread (`CurlMultiRunner`) or an event loop that hosts
/// it (`CurlLoopDriver`); only how that thread waits for curl differs between the two.
final class CurlTransferSet {
    let multi: UnsafeMutableRawPointer
    private let configuration: CurlClientConfiguration
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var handleByID: [UInt64: UnsafeMutableRawPointer] = [:]
    private var idleHandles: [CurlEasyHandle] = []
    private static let maxIdleHandles = 128

    init(multi: UnsafeMutableRawPointer, configuration: CurlClientConfiguration) {
        self.multi = multi
        self.configuration = configuration
    }

    /// A multi handle with the client's pool limits; HTTP/2 multiplexing where offered.
    static func makeMulti(_ configuration: CurlClientConfiguration) -> UnsafeMutableRawPointer {
        _ = curl_global_init(3 /* CURL_GLOBAL_ALL */)  // reference counted and thread-safe since 7.84
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        _ = sb_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maxConnectionsPerHost)
        _ = sb_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, configuration.maxTotalConnections)
        _ = sb_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maxIdleConnections)
        _ = sb_multi_setopt_long(multi, CURLMOPT_PIPELINING, 2 /* CURLPIPE_MULTIPLEX */)
        return multi
    }

    static func releaseMulti(_ multi: UnsafeMutableRawPointer) {
        curl_multi_cleanup(multi)
        curl_global_cleanup()
    }

    var isEmpty: Bool { active.isEmpty }

    func start(_ pending: PendingTransfer) {
        guard let easy = idleHandles.popLast() ?? CurlEasyHandle(configuration: configuration) else {
            pending.fail(.other("libcurl could not create a handle"))
            return
        }
        let transfer = CurlTransfer(pending, easy: easy, configuration: configuration)
        if let refused = transfer.configure() {
            easy.needsReset = true
            recycle(easy)
            pending.fail(.other(refused))
            return
        }
        let rc = curl_multi_add_handle(multi, easy.raw)
        guard rc == CURLM_OK else {
            recycle(easy)
            pending.fail(.other("libcurl refused the transfer: \(String(cString: curl_multi_strerror(rc)))"))
            return
        }
        active[easy.raw] = transfer
        handleByID[pending.id] = easy.raw
    }

    func cancel(_ id: UInt64) {
        // Unknown ids are normal: the transfer finished before the cancel arrived.
        guard let handle = handleByID.removeValue(forKey: id),
              let transfer = active.removeValue(forKey: handle) else { return }
        curl_multi_remove_handle(multi, handle)
        // Stopped halfway: start the next transfer on this handle from libcurl's defaults.
        transfer.easy.needsReset = true
        recycle(transfer.easy)
        transfer.pending.fail(.cancelled)
    }

    /// Hands every finished transfer's result to its caller.
    func collectFinished() {
        var left: Int32 = 0
        while let message = curl_multi_info_read(multi, &left) {
            guard sb_msg_is_done(message) != 0, let handle = sb_msg_easy(message) else { continue }
            finish(handle, code: sb_msg_result(message))
        }
    }

    private func finish(_ handle: UnsafeMutableRawPointer, code: CURLcode) {
        guard let transfer = active.removeValue(forKey: handle) else { return }
        handleByID.removeValue(forKey: transfer.pending.id)
        let result: Result<CompletedTransfer, UpstreamError>
        if code == CURLE_OK, transfer.abortReason == nil {
            result = .success(transfer.response())
        } else {
            transfer.easy.needsReset = true  // failures are rare: no state of one may carry over
            let kind = CurlErrorMapping.kind(for: code, transfer: transfer)
            let target = transfer.pending.target
            result = .failure(UpstreamError(kind, method: transfer.request.method, host: target.host, path: target.path))
        }
        // The caller first, the handle's housekeeping after: it is not on the caller's path.
        transfer.pending.finish(result)
        curl_multi_remove_handle(multi, handle)
        recycle(transfer.easy)
    }

    /// Keeps a few handles for the next transfers; the connection pool lives in the multi
    /// handle, so resetting a handle loses no connection. A handle whose last transfer set
    /// only the per-transfer options is kept as it is (see `CurlEasyHandle`).
    private func recycle(_ easy: CurlEasyHandle) {
        guard idleHandles.count < Self.maxIdleHandles else { return }  // released: cleaned up
        // The header list belongs to the finished transfer and is freed with it.
        _ = sb_easy_setopt_ptr(easy.raw, CURLOPT_HTTPHEADER, nil)
        if easy.needsReset { easy.reset(configuration: configuration) }
        idleHandles.append(easy)
    }

    /// Fails everything in flight as cancelled and frees every easy handle.
    func cancelAll() {
        for (handle, transfer) in active {
            curl_multi_remove_handle(multi, handle)
            transfer.pending.fail(.cancelled)
        }
        // Releasing the transfers and idle handles cleans their easy handles up.
        active.removeAll()
        handleByID.removeAll()
        idleHandles.removeAll()
    }
}
