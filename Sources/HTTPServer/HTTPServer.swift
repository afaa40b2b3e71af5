import CSystem
import Glibc
import Synchronization

/// The HTTP/1.1 server: one epoll event loop per core on its own thread, each owning its
/// sockets; parsed requests go to the `responder` as async tasks and responses come back to
/// the owning loop.
public final class HTTPServer: Sendable {
    public let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let loopSetup: (@Sendable (EventLoopHandle) -> Void)?

    private struct State {
        var loops: [EventLoop] = []
        var threads: [LoopThread] = []
        var port = 0
        var started = false
        var stopped = false
    }
    private let state = Mutex(State())

    /// `loopSetup` runs on each loop's thread before it serves: the place to attach
    /// `EventLoopExtension`s (an upstream client's per-loop transfers).
    public init(configuration: HTTPServerConfiguration, responder: any HTTPResponder,
                loopSetup: (@Sendable (EventLoopHandle) -> Void)? = nil) {
        self.configuration = configuration
        self.responder = responder
        self.loopSetup = loopSetup
    }

    /// Binds, listens and starts the loops. Returns the bound port (useful with port 0).
    @discardableResult
    public func start() throws -> Int {
        csys_ignore_sigpipe()
        _ = csys_raise_nofile_limit()
        let count = configuration.loopCount > 0 ? configuration.loopCount : max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let core = ServerCore(configuration: configuration, responder: responder)
        return try state.withLock { s throws -> Int in
            precondition(!s.started, "HTTPServer.start called twice")
            // One SO_REUSEPORT listener per loop: the kernel spreads connections and no
            // acceptor thread hands sockets around.
            var fds: [Int32] = []
            var port = configuration.port
            if port != 0 {
                // A fixed port another server already listens on must fail here, not join
                // that server's SO_REUSEPORT group. With port 0 the first listener picks the
                // port and holds it while the others join: no moment where it is free.
                let claimed = csys_claim_port(configuration.host, Int32(port))
                guard claimed > 0 else { throw SocketError(operation: "bind \(configuration.host):\(port)", errno: -claimed) }
            }
            do {
                for _ in 0..<count {
                    var bound: Int32 = 0
                    let fd = csys_listen(configuration.host, Int32(port), 1, Int32(configuration.backlog), &bound)
                    guard fd >= 0 else { throw SocketError(operation: "listen on \(configuration.host):\(port)", errno: -fd) }
                    fds.append(fd)
                    port = Int(bound)
                }
                for fd in fds { s.loops.append(try EventLoop(core: core, listenFD: fd, setup: loopSetup)) }
            } catch {
                for fd in fds { close(fd) }
                s.loops = []
                throw error
            }
            s.threads = s.loops.enumerated().map { i, loop in LoopThread(name: "http-loop-\(i)") { loop.run() } }
            s.port = port
            s.started = true
            return port
        }
    }

    /// The bound port after `start()`.
    public var port: Int { state.withLock { $0.port } }

    /// Stops accepting, lets in-flight requests finish within `configuration.shutdownGrace`,
    /// closes every connection and joins the loop threads.
    public func shutdown() async {
        let (loops, threads) = state.withLock { s -> ([EventLoop], [LoopThread]) in
            guard s.started, !s.stopped else { return ([], []) }
            s.stopped = true
            return (s.loops, s.threads)
        }
        let grace = ServerCore.nanoseconds(configuration.shutdownGrace)
        // Refuse new connections at once, before any loop gets to its shutdown job.
        for loop in loops { loop.stopListening() }
        for loop in loops {
            let bound = LoopBound(loop)
            Task(executorPreference: loop) { bound.value.beginShutdown(grace: grace) }
        }
        for loop in loops { await loop.waitUntilExited() }
        for thread in threads { thread.join() }
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully.
    public func runUntilSignalled() async throws {
        let signals = SignalWaiter(signals: [SIGTERM, SIGINT])
        try start()
        await signals.wait()
        await shutdown()
    }
}
