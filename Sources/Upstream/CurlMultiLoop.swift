import CCurl
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The shared side of the curl thread: callers drop work into the inbox under a mutex and
/// wake the thread with `curl_multi_wakeup`; the thread (see `CurlMultiRunner`) owns every
/// easy handle and the connection pool. No lock is ever held across a transfer.
final class CurlMultiLoop: TaskExecutor {
    struct Inbox {
        var adds: [PendingTransfer] = []
        var cancels: [UInt64] = []
        /// Tasks that prefer this thread as their executor (see `CurlClient.executor`).
        var jobs: [UnownedJob] = []
        var stopped = false
        /// The thread is (about to be) blocked in curl_multi_poll and needs a wakeup; while
        /// it is awake, new work is picked up on its next turn without a syscall.
        var sleeping = false

        var isEmpty: Bool { adds.isEmpty && cancels.isEmpty && jobs.isEmpty && !stopped }

        /// Whether the caller must wake the thread; only the first one after it slept does.
        mutating func takeSleeping() -> Bool {
            defer { sleeping = false }
            return sleeping
        }
    }

    let configuration: CurlClientConfiguration
    /// Touched only by the loop thread, except `curl_multi_wakeup`, which libcurl documents
    /// as safe from any thread. Cleaned up in `deinit`, after the thread let go of us.
    nonisolated(unsafe) let multi: UnsafeMutableRawPointer
    let inbox = Mutex(Inbox())
    private let nextID = Atomic<UInt64>(1)

    init(configuration: CurlClientConfiguration) {
        self.configuration = configuration
        multi = CurlTransferSet.makeMulti(configuration)
        startThread()
    }

    deinit {
        CurlTransferSet.releaseMulti(multi)
    }

    func makeID() -> UInt64 {
        nextID.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// Hands a transfer to the thread. Refuses (and fails the transfer as cancelled) when the
    /// calling task is already cancelled: its cancel handler may have run before this, and
    /// the thread would never hear of it. Checking under the inbox lock closes that gap.
    func submit(_ transfer: PendingTransfer) {
        let (accepted, wake) = inbox.withLock { inbox -> (Bool, Bool) in
            guard !inbox.stopped, !Task.isCancelled else { return (false, false) }
            inbox.adds.append(transfer)
            return (true, inbox.takeSleeping())
        }
        if wake { curl_multi_wakeup(multi) }
        if !accepted { transfer.fail(.cancelled) }
    }

    func cancel(_ id: UInt64) {
        let wake = inbox.withLock { inbox -> Bool in
            guard !inbox.stopped else { return false }
            inbox.cancels.append(id)
            return inbox.takeSleeping()
        }
        if wake { curl_multi_wakeup(multi) }
    }

    /// Fails everything in flight as cancelled and lets the thread end.
    func stop() {
        inbox.withLock { $0.stopped = true }
        curl_multi_wakeup(multi)  // always: the thread may be between its checks
    }

    /// Runs a task on the curl thread. A request sent from such a task is picked up on the
    /// thread's next turn without a wakeup, and its continuation resumes on the same thread:
    /// no hand-off at all. Once the thread has stopped, jobs go to the global executor.
    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        let (accepted, wake) = inbox.withLock { inbox -> (Bool, Bool) in
            guard !inbox.stopped else { return (false, false) }
            inbox.jobs.append(unowned)
            return (true, inbox.takeSleeping())
        }
        if wake { curl_multi_wakeup(multi) }
        if !accepted { globalConcurrentExecutor.enqueue(unowned) }
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

    /// Called by the thread right before it blocks: false when work arrived meanwhile (then
    /// it must not block). Checked under the same lock submitters take, so no wakeup is lost.
    func prepareToSleep() -> Bool {
        inbox.withLock { inbox in
            guard inbox.isEmpty else { return false }
            inbox.sleeping = true
            return true
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
