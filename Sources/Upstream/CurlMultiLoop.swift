import CCurl
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The shared side of the curl thread: callers drop work into the inbox under a mutex and
/// wake the thread with `curl_multi_wakeup`; the thread (see `CurlMultiRunner`) owns every
/// easy handle and the connection pool. No lock is ever held across a transfer.
final class CurlMultiLoop: Sendable {
    struct Inbox {
        var adds: [PendingTransfer] = []
        var cancels: [UInt64] = []
        var stopped = false
    }

    let configuration: CurlClientConfiguration
    /// Touched only by the loop thread, except `curl_multi_wakeup`, which libcurl documents
    /// as safe from any thread. Cleaned up in `deinit`, after the thread let go of us.
    nonisolated(unsafe) let multi: UnsafeMutableRawPointer
    let inbox = Mutex(Inbox())
    private let nextID = Atomic<UInt64>(1)

    init(configuration: CurlClientConfiguration) {
        self.configuration = configuration
        _ = curl_global_init(3 /* CURL_GLOBAL_ALL */)  // reference counted and thread-safe since 7.84
        guard let multi = curl_multi_init() else { fatalError("curl_multi_init failed: out of memory") }
        self.multi = multi
        _ = sb_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maxConnectionsPerHost)
        _ = sb_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, configuration.maxTotalConnections)
        _ = sb_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maxIdleConnections)
        _ = sb_multi_setopt_long(multi, CURLMOPT_PIPELINING, 2 /* CURLPIPE_MULTIPLEX */)
        startThread()
    }

    deinit {
        curl_multi_cleanup(multi)
        curl_global_cleanup()
    }

    func makeID() -> UInt64 {
        nextID.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// Hands a transfer to the thread. Refuses (and fails the transfer as cancelled) when the
    /// calling task is already cancelled: its cancel handler may have run before this, and
    /// the thread would never hear of it. Checking under the inbox lock closes that gap.
    func submit(_ transfer: PendingTransfer) {
        let accepted = inbox.withLock { inbox -> Bool in
            guard !inbox.stopped, !Task.isCancelled else { return false }
            inbox.adds.append(transfer)
            return true
        }
        if accepted {
            curl_multi_wakeup(multi)
        } else {
            transfer.fail(.cancelled)
        }
    }

    func cancel(_ id: UInt64) {
        let wake = inbox.withLock { inbox -> Bool in
            guard !inbox.stopped else { return false }
            inbox.cancels.append(id)
            return true
        }
        if wake { curl_multi_wakeup(multi) }
    }

    /// Fails everything in flight as cancelled and lets the thread end.
    func stop() {
        inbox.withLock { $0.stopped = true }
        curl_multi_wakeup(multi)
    }

    /// Everything queued since the last call; the thread calls this once per turn.
    func takeInbox() -> Inbox {
        inbox.withLock { inbox in
            var taken = Inbox()
            swap(&taken, &inbox)
            inbox.stopped = taken.stopped
            return taken
        }
    }

    private func startThread() {
        let me = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { arg in
            let loop = Unmanaged<CurlMultiLoop>.fromOpaque(arg!).takeRetainedValue()
            CurlMultiRunner(loop: loop).run()
            return nil
        }, me)
        guard rc == 0 else { fatalError("cannot start the curl thread: errno \(rc)") }
        pthread_detach(thread)
    }
}
