import CSystem
import Glibc
import Synchronization

/// One epoll loop on its own thread, owning its listener and connections. It is also the
/// `TaskExecutor` that handler tasks prefer: a handler that never suspends runs start to
/// finish on this thread (its job goes to `localJobs`, no lock, no wake-up), and only a
/// handler resumed from elsewhere comes back through the locked `remote` queue + eventfd.
///
/// Everything not marked otherwise is touched by the loop thread only.
final class EventLoop: TaskExecutor, @unchecked Sendable {
    let core: ServerCore
    let epfd: Int32
    private let wakeFD: Int32
    /// Closed by `beginShutdown` on the loop thread, never reassigned.
    private let listenFD: Int32
    private var listening = true
    private var listenerPausedUntil: UInt64 = 0

    // Cross-thread state.
    private struct Remote { var jobs: [UnownedJob] = []; var closures: [@Sendable () -> Void] = []; var stopped = false }
    private let remote = Mutex(Remote())
    private let wakePending = Atomic<Bool>(false)
    private let threadID = Atomic<UInt>(0)
    private let exitSignal = Mutex<CheckedContinuation<Void, Never>?>(nil)
    private let exited = Atomic<Bool>(false)

    // Loop-thread state.
    private var localJobs: [UnownedJob] = []
    /// Jobs of the batch `runJobs` is running that have not started yet.
    private var batchRemaining = 0
    private var byFD: [Connection?] = []
    private var dirty: [Connection] = []
    private(set) var now: UInt64 = 0
    private var nextSweep: UInt64 = 0
    var dateHeader = DateHeader()
    var requestIDs = RequestIDGenerator()
    let readBuffer: UnsafeMutableRawBufferPointer
    private var draining = false
    private let setup: (@Sendable (EventLoopHandle) -> Void)?
    /// Extensions (see `EventLoopExtension`), each with its timer's deadline (0: none), and
    /// the descriptors they asked to be watched.
    private var extensions: [(ext: any EventLoopExtension, deadline: UInt64)] = []
    private var watchers: [(any EventLoopExtension)?] = []
    private var graceDeadline: UInt64 = 0
    private var running = true

    init(core: ServerCore, listenFD: Int32, setup: (@Sendable (EventLoopHandle) -> Void)? = nil) throws(SocketError) {
        self.core = core
        self.setup = setup
        self.listenFD = listenFD
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epfd >= 0 else { throw SocketError(operation: "epoll_create1", errno: csys_errno()) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard wakeFD >= 0 else { close(epfd); throw SocketError(operation: "eventfd", errno: csys_errno()) }
        readBuffer = .allocate(byteCount: 64 * 1024, alignment: 16)
        _ = csys_epoll_ctl(epfd, EPOLL_CTL_ADD, wakeFD, EPOLLIN.rawValue)
        _ = csys_epoll_ctl(epfd, EPOLL_CTL_ADD, listenFD, EPOLLIN.rawValue)
    }

    deinit {
        readBuffer.deallocate()
        close(wakeFD)
        close(epfd)
    }

    var isInLoop: Bool { threadID.load(ordering: .relaxed) == UInt(bitPattern: Int(bitPattern: UInt(pthread_self()))) }

    // MARK: TaskExecutor

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        if isInLoop {
            localJobs.append(unowned)
            return
        }
        let accepted = remote.withLock { r in
            if r.stopped { return false }
            r.jobs.append(unowned)
            return true
        }
        guard accepted else {
            // The loop is gone (a handler outlived shutdown): let the global pool finish it.
            globalConcurrentExecutor.enqueue(ExecutorJob(unowned))
            return
        }
        if !wakePending.exchange(true, ordering: .acquiringAndReleasing) {
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        }
    }

    // MARK: Loop

    func run() {
        threadID.store(UInt(bitPattern: Int(bitPattern: UInt(pthread_self()))), ordering: .relaxed)
        let events = UnsafeMutablePointer<csys_event>.allocate(capacity: 256)
        defer { events.deallocate() }
        now = csys_monotonic_ns()
        nextSweep = now + core.sweepIntervalNS
        dateHeader.refresh()
        setup?(EventLoopHandle(loop: self))
        while running {
            let n = csys_epoll_wait(epfd, events, 256, waitTimeout())
            now = csys_monotonic_ns()
            dateHeader.refresh()
            if n > 0 {
                for i in 0..<Int(n) { handle(events[i]) }
            }
            if !extensions.isEmpty { fireTimers() }
            runJobs()
            flushDirty()
            if now >= nextSweep {
                sweep()
                nextSweep = now + core.sweepIntervalNS
            }
        }
        finish()
    }

    private func handle(_ event: csys_event) {
        let fd = event.fd
        if fd == wakeFD {
            var value: UInt64 = 0
            _ = read(wakeFD, &value, 8)
        } else if listening && fd == listenFD {
            acceptConnections()
        } else if Int(fd) < byFD.count, let connection = byFD[Int(fd)] {
            let hangup = event.events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0
            if hangup || event.events & (EPOLLIN.rawValue | EPOLLRDHUP.rawValue) != 0 { connection.readable(hangup: hangup) }
            if event.events & EPOLLOUT.rawValue != 0, !connection.isClosed { connection.flush() }
        } else if Int(fd) < watchers.count, let watcher = watchers[Int(fd)] {
            let e = event.events
            watcher.descriptorReady(fd, readable: e & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0,
                                    writable: e & EPOLLOUT.rawValue != 0, failed: e & EPOLLERR.rawValue != 0)
        }
    }

    /// Milliseconds epoll may block: not at all with jobs waiting, else until the next sweep
    /// or the earliest extension timer.
    private func waitTimeout() -> Int32 {
        guard localJobs.isEmpty else { return 0 }
        var until = nextSweep
        for entry in extensions where entry.deadline != 0 { until = min(until, entry.deadline) }
        guard until > now else { return 0 }
        return Int32(clamping: (until - now + 999_999) / 1_000_000)
    }

    private func fireTimers() {
        // By index: a timer's callback may set its timer again.
        for i in extensions.indices where extensions[i].deadline != 0 && extensions[i].deadline <= now {
            extensions[i].deadline = 0
            let ext = extensions[i].ext
            ext.timerFired()
        }
    }

    // MARK: Extensions (loop thread, except `execute`)

    func attach(_ ext: any EventLoopExtension) {
        if !extensions.contains(where: { $0.ext === ext }) { extensions.append((ext, 0)) }
    }

    func watch(_ fd: Int32, readable: Bool, writable: Bool, by ext: any EventLoopExtension) {
        guard fd >= 0, Int(fd) >= byFD.count || byFD[Int(fd)] == nil else { return }
        if Int(fd) >= watchers.count { watchers.append(contentsOf: repeatElement(nil, count: Int(fd) - watchers.count + 16)) }
        let mask = (readable ? EPOLLIN.rawValue : 0) | (writable ? EPOLLOUT.rawValue : 0)
        let op = watchers[Int(fd)] == nil ? EPOLL_CTL_ADD : EPOLL_CTL_MOD
        watchers[Int(fd)] = ext
        if csys_epoll_ctl(epfd, op, fd, mask) != 0, op == EPOLL_CTL_MOD {
            // The descriptor was closed and reused since: register it afresh.
            _ = csys_epoll_ctl(epfd, EPOLL_CTL_ADD, fd, mask)
        }
    }

    func unwatch(_ fd: Int32) {
        guard fd >= 0, Int(fd) < watchers.count, watchers[Int(fd)] != nil else { return }
        watchers[Int(fd)] = nil
        _ = csys_epoll_ctl(epfd, EPOLL_CTL_DEL, fd, 0)
    }

    func setTimer(_ milliseconds: Int?, for ext: any EventLoopExtension) {
        guard let i = extensions.firstIndex(where: { $0.ext === ext }) else { return }
        guard let milliseconds else { extensions[i].deadline = 0; return }
        // `now` is from the top of this turn; a 0 ms timer fires on the next turn.
        extensions[i].deadline = max(now, 1) + UInt64(max(milliseconds, 0)) * 1_000_000
    }

    func execute(_ body: @escaping @Sendable () -> Void) {
        let accepted = remote.withLock { r in
            if r.stopped { return false }
            r.closures.append(body)
            return true
        }
        if accepted, !wakePending.exchange(true, ordering: .acquiringAndReleasing) {
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
        }
    }

    private func runJobs() {
        if wakePending.load(ordering: .acquiring) {
            wakePending.store(false, ordering: .releasing)
            let (jobs, closures) = remote.withLock { r in
                let taken = (r.jobs, r.closures)
                r.jobs.removeAll(keepingCapacity: true)
                r.closures.removeAll()
                return taken
            }
            localJobs.append(contentsOf: jobs)
            for body in closures { body() }
        }
        let executor = asUnownedTaskExecutor()
        while !localJobs.isEmpty {
            var batch: [UnownedJob] = []
            swap(&batch, &localJobs)
            batchRemaining = batch.count
            for job in batch {
                batchRemaining -= 1
                job.runSynchronously(on: executor)
            }
            if localJobs.isEmpty { swap(&batch, &localJobs); localJobs.removeAll(keepingCapacity: true) }
        }
    }

    /// Whether the job running now is the last one queued: nothing else of this turn runs
    /// before its flush.
    var isRunningLastJob: Bool { batchRemaining == 0 && localJobs.isEmpty }

    /// Sends a connection's pending bytes now rather than at the end of the turn.
    func flushNow(_ connection: Connection) {
        guard connection.isDirty else { return }
        connection.isDirty = false
        if !connection.isClosed { connection.flush() }
    }

    func markDirty(_ connection: Connection) {
        guard !connection.isDirty else { return }
        connection.isDirty = true
        dirty.append(connection)
    }

    private func flushDirty() {
        guard !dirty.isEmpty else { return }
        let list = dirty
        dirty.removeAll(keepingCapacity: true)
        // One flushed early (`flushNow`) is no longer dirty; one dirty again after that is
        // listed twice and flushed once.
        for c in list { flushNow(c) }
    }

    // MARK: Connections

    private func acceptConnections() {
        var peer = [CChar](repeating: 0, count: 64)
        for _ in 0..<128 {
            let fd = csys_accept(listenFD, &peer, 64)
            if fd < 0 {
                let e = csys_errno()
                if e == EINTR || e == ECONNABORTED { continue }
                if e == EMFILE || e == ENFILE || e == ENOBUFS || e == ENOMEM {
                    // Out of descriptors: stop listening for a moment instead of spinning
                    // on a listener that stays readable.
                    _ = csys_epoll_ctl(epfd, EPOLL_CTL_DEL, listenFD, 0)
                    listenerPausedUntil = now + 100_000_000
                }
                return
            }
            if draining || core.connections.add(1, ordering: .relaxed).newValue > core.configuration.maxConnections {
                if !draining { core.connections.subtract(1, ordering: .relaxed) }
                csys_set_linger_zero(fd)
                close(fd)
                continue
            }
            let connection = Connection(fd: fd, loop: self, remoteAddress: String(decoding: peer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            if Int(fd) >= byFD.count { byFD.append(contentsOf: repeatElement(nil, count: Int(fd) - byFD.count + 64)) }
            byFD[Int(fd)] = connection
            // A descriptor an extension forgot to unwatch before closing it is a connection now.
            if Int(fd) < watchers.count { watchers[Int(fd)] = nil }
            _ = csys_epoll_ctl(epfd, EPOLL_CTL_ADD, fd, EPOLLIN.rawValue | EPOLLRDHUP.rawValue)
        }
    }

    /// Called by a connection when it closes its descriptor.
    func forget(_ connection: Connection) {
        if Int(connection.fd) < byFD.count, byFD[Int(connection.fd)] === connection { byFD[Int(connection.fd)] = nil }
        core.connections.subtract(1, ordering: .relaxed)
        if draining { checkDrained() }
    }

    private func sweep() {
        if listenerPausedUntil != 0, now >= listenerPausedUntil, listening, !draining {
            listenerPausedUntil = 0
            _ = csys_epoll_ctl(epfd, EPOLL_CTL_ADD, listenFD, EPOLLIN.rawValue)
        }
        for case let c? in byFD { c.checkDeadline(now: now) }
        if draining {
            if now >= graceDeadline { for case let c? in byFD { c.close() } }
            checkDrained()
        }
    }

    // MARK: Shutdown

    /// Any thread: the listener refuses new connections from now on (Linux moves a listening
    /// socket shut down for reading to CLOSE). The loop closes the descriptor later.
    func stopListening() {
        _ = Glibc.shutdown(listenFD, Int32(SHUT_RD))
    }

    /// Stops accepting and closes idle connections; busy ones close after their response.
    func beginShutdown(grace: UInt64) {
        guard !draining else { return }
        draining = true
        graceDeadline = now + grace
        if listening {
            listening = false
            _ = csys_epoll_ctl(epfd, EPOLL_CTL_DEL, listenFD, 0)
            close(listenFD)
        }
        for case let c? in byFD { c.shutdownRequested() }
        checkDrained()
    }

    private func checkDrained() {
        if byFD.allSatisfy({ $0 == nil }) { running = false }
    }

    /// Resumes when the loop thread has left `run()`.
    func waitUntilExited() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let resumeNow = exitSignal.withLock { slot -> Bool in
                if exited.load(ordering: .acquiring) { return true }
                slot = c
                return false
            }
            if resumeNow { c.resume() }
        }
    }

    private func finish() {
        for case let c? in byFD { c.close() }
        for entry in extensions { entry.ext.loopWillExit() }
        // Jobs queued until now still run here; later ones go to the global pool.
        while true {
            let jobs = remote.withLock { r in
                let j = r.jobs
                r.jobs = []
                r.closures = []
                if j.isEmpty { r.stopped = true }
                return j
            }
            if jobs.isEmpty && localJobs.isEmpty { break }
            localJobs.append(contentsOf: jobs)
            runJobs()
        }
        let waiter = exitSignal.withLock { slot -> CheckedContinuation<Void, Never>? in
            exited.store(true, ordering: .releasing)
            let w = slot
            slot = nil
            return w
        }
        waiter?.resume()
    }
}
