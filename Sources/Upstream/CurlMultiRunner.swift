import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// The curl thread's own state: the easy handles in flight and a few idle ones for reuse.
/// Exists only on that thread; nothing here is shared.
final class CurlMultiRunner {
    private let loop: CurlMultiLoop
    private var multi: UnsafeMutableRawPointer { loop.multi }
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var handleByID: [UInt64: UnsafeMutableRawPointer] = [:]
    private var idleHandles: [UnsafeMutableRawPointer] = []
    private static let maxIdleHandles = 128

    init(loop: CurlMultiLoop) { self.loop = loop }

    func run() {
        prepareThread()
        while true {
            let inbox = loop.takeInbox()
            if inbox.stopped {
                shutDown(also: inbox.adds, jobs: inbox.jobs)
                return
            }
            let executor = loop.asUnownedTaskExecutor()
            for job in inbox.jobs { job.runSynchronously(on: executor) }
            for pending in inbox.adds { start(pending) }
            for id in inbox.cancels { cancel(id) }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            collectFinished()
            // Blocks until socket activity, curl's own next timeout, or a wakeup — unless work
            // arrived during this turn (submitters skip the wakeup while we are awake).
            if loop.prepareToSleep() {
                _ = curl_multi_poll(multi, nil, 0, 1000, nil)
            }
        }
    }

    /// The curl thread's name, for profilers and for telling it apart in tests (15 bytes max).
    static let threadName = "curl-multi"

    /// The calling thread's name.
    static func currentThreadName() -> String {
        var name = [CChar](repeating: 0, count: 32)
        sb_get_thread_name(&name)
        return String(cString: name)
    }

    private func prepareThread() {
        sb_set_thread_name(Self.threadName)
        // With NOSIGNAL libcurl leaves SIGPIPE to us; blocking it on this thread only turns a
        // write to a closed TLS peer into EPIPE without touching process-wide handlers.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    private func start(_ pending: PendingTransfer) {
        guard let handle = idleHandles.popLast() ?? curl_easy_init() else {
            pending.fail(.other("libcurl could not create a handle"))
            return
        }
        let transfer = CurlTransfer(pending, handle: handle, configuration: loop.configuration)
        if let refused = transfer.configure() {
            recycle(handle)
            pending.fail(.other(refused))
            return
        }
        let rc = curl_multi_add_handle(multi, handle)
        guard rc == CURLM_OK else {
            recycle(handle)
            pending.fail(.other("libcurl refused the transfer: \(String(cString: curl_multi_strerror(rc)))"))
            return
        }
        active[handle] = transfer
        handleByID[pending.id] = handle
    }

    private func cancel(_ id: UInt64) {
        // Unknown ids are normal: the transfer finished before the cancel arrived.
        guard let handle = handleByID.removeValue(forKey: id),
              let transfer = active.removeValue(forKey: handle) else { return }
        curl_multi_remove_handle(multi, handle)
        recycle(handle)
        transfer.pending.fail(.cancelled)
    }

    private func collectFinished() {
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
            let kind = CurlErrorMapping.kind(for: code, transfer: transfer)
            let target = transfer.pending.target
            result = .failure(UpstreamError(kind, method: transfer.request.method, host: target.host, path: target.path))
        }
        // The caller first, the handle's housekeeping after: it is not on the caller's path.
        transfer.pending.finish(result)
        curl_multi_remove_handle(multi, handle)
        recycle(handle)
    }

    /// Keeps a few handles for the next transfers; the connection pool lives in the multi
    /// handle, so resetting a handle loses no connection.
    private func recycle(_ handle: UnsafeMutableRawPointer) {
        if idleHandles.count < Self.maxIdleHandles {
            curl_easy_reset(handle)
            idleHandles.append(handle)
        } else {
            curl_easy_cleanup(handle)
        }
    }

    private func shutDown(also queued: [PendingTransfer], jobs: [UnownedJob]) {
        for (handle, transfer) in active {
            curl_multi_remove_handle(multi, handle)
            curl_easy_cleanup(handle)
            transfer.pending.fail(.cancelled)
        }
        active.removeAll()
        handleByID.removeAll()
        for handle in idleHandles { curl_easy_cleanup(handle) }
        idleHandles.removeAll()
        for pending in queued { pending.fail(.cancelled) }
        // Tasks that preferred this thread finish elsewhere rather than never.
        for job in jobs { globalConcurrentExecutor.enqueue(job) }
    }
}
