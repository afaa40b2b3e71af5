import Glibc
import Synchronization
import Testing
@testable import HTTPServer

/// `EventLoopExtension`: descriptors and a timer watched by the loop itself, work handed to the
/// loop from another thread, and the goodbye when the loop ends — each seen on the loop thread.
@Suite(.timeLimit(.minutes(1))) struct EventLoopExtensionTests {
    /// What the extension saw, with the thread it saw it on.
    final class Log: Sendable {
        private let lines = Mutex<[String]>([])
        func add(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }

        func waitFor(_ line: String) async -> Bool {
            for _ in 0..<5_000 {
                if all.contains(line) { return true }
                try? await Task.sleep(for: .milliseconds(2))
            }
            return false
        }
    }

    /// Watches the read end of a pipe; reads what arrives and logs it.
    final class PipeReader: EventLoopExtension {
        let fd: Int32
        let log: Log
        init(fd: Int32, log: Log) { self.fd = fd; self.log = log }

        func descriptorReady(_ fd: Int32, readable: Bool, writable: Bool, failed: Bool) {
            var buffer = [UInt8](repeating: 0, count: 64)
            let n = read(fd, &buffer, 64)
            if n > 0 { log.add("read \(String(decoding: buffer[..<n], as: UTF8.self)) on \(threadName())") }
        }
        func timerFired() { log.add("timer on \(threadName())") }
        func loopWillExit() { log.add("exit on \(threadName())") }
    }

    /// The loop's handle and the extension, for the test's own thread (only used through
    /// `execute`, which runs on the loop).
    struct Attached: @unchecked Sendable {
        let loop: EventLoopHandle
        let reader: PipeReader
    }

    @Test func theLoopWatchesTimesAndRunsWorkForItsExtensionsOnItsOwnThread() async throws {
        let log = Log()
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        defer { close(readEnd); close(writeEnd) }
        let attached = Mutex<Attached?>(nil)
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.loopCount = 1
        let server = HTTPServer(configuration: configuration, responder: echoResponder, loopSetup: { loop in
            let reader = PipeReader(fd: readEnd, log: log)
            loop.attach(reader)
            loop.watch(readEnd, readable: true, writable: false, by: reader)
            attached.withLock { $0 = Attached(loop: loop, reader: reader) }
        })
        try server.start()
        var ready: Attached?
        for _ in 0..<5_000 where ready == nil {
            ready = attached.withLock { $0 }
            if ready == nil { try await Task.sleep(for: .milliseconds(2)) }
        }
        let a = try #require(ready)

        // A descriptor becoming readable.
        #expect(write(writeEnd, "ping", 4) == 4)
        #expect(await log.waitFor("read ping on http-loop-0"))

        // A timer armed from another thread through `execute`.
        a.loop.execute { a.loop.setTimer(30, for: a.reader) }
        #expect(await log.waitFor("timer on http-loop-0"))

        // Unwatched, the pipe no longer reaches the extension. The marker is written after
        // "pong", so the turn that runs it would also have seen the pipe if it were watched.
        a.loop.execute { a.loop.unwatch(readEnd); log.add("unwatched") }
        #expect(await log.waitFor("unwatched"))
        #expect(write(writeEnd, "pong", 4) == 4)
        a.loop.execute { log.add("marker") }
        #expect(await log.waitFor("marker"))
        #expect(!log.all.contains { $0.hasPrefix("read pong") })
        // Watched again, it does.
        a.loop.execute { a.loop.watch(readEnd, readable: true, writable: false, by: a.reader) }
        #expect(await log.waitFor("read pong on http-loop-0"))

        await server.shutdown()
        #expect(log.all.last == "exit on http-loop-0")
        // Work handed to a loop that has ended is dropped, not run on some other thread.
        a.loop.execute { log.add("after exit") }
        try await Task.sleep(for: .milliseconds(50))
        #expect(!log.all.contains("after exit"))
    }
}
