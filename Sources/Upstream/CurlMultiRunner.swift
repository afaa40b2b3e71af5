import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// The curl thread's own state: the transfers in flight, driven by `curl_multi_perform` and
/// `curl_multi_poll`. Exists only on that thread; nothing here is shared.
final class CurlMultiRunner {
    private let loop: CurlMultiLoop
    private let transfers: CurlTransferSet

    init(loop: CurlMultiLoop) {
        self.loop = loop
        transfers = CurlTransferSet(multi: loop.multi, configuration: loop.configuration)
    }

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
            for pending in inbox.adds { transfers.start(pending) }
            for id in inbox.cancels { transfers.cancel(id) }
            var running: Int32 = 0
            _ = curl_multi_perform(loop.multi, &running)
            transfers.collectFinished()
            // Blocks until socket activity, curl's own next timeout, or a wakeup — unless work
            // arrived during this turn (submitters skip the wakeup while we are awake).
            if loop.prepareToSleep() {
                _ = curl_multi_poll(loop.multi, nil, 0, 1000, nil)
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

    private func shutDown(also queued: [PendingTransfer], jobs: [UnownedJob]) {
        transfers.cancelAll()
        for pending in queued { pending.fail(.cancelled) }
        // Tasks that preferred this thread finish elsewhere rather than never.
        for job in jobs { globalConcurrentExecutor.enqueue(job) }
    }
}
