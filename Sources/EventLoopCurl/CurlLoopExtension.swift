import HTTPServer
import Upstream

/// Runs a `CurlClient`'s transfers on the HTTP event loops themselves: a handler task (which
/// runs on its connection's loop) sends its vendor request on that loop's own multi handle,
/// the loop's epoll watches the vendor sockets, and the task resumes on the loop when the
/// answer is in. Without it every vendor call crosses to the client's curl thread and back.
/// Use: `HTTPServer(configuration:responder:loopSetup: CurlLoopExtension.loopSetup(for: client))`.
public final class CurlLoopExtension: EventLoopExtension {
    private var driver: CurlLoopDriver?

    /// What `HTTPServer` runs on each loop's thread when it starts.
    /// `attached` runs after, on the same thread (a benchmark keeps the loop's handle there).
    public static func loopSetup(for client: CurlClient, attached: (@Sendable (EventLoopHandle) -> Void)? = nil) -> @Sendable (EventLoopHandle) -> Void {
        { loop in
            let ext = CurlLoopExtension()
            loop.attach(ext)
            // The loop keeps the extension for its lifetime; the driver's callbacks only run
            // on the loop's thread while it lives.
            let bound = Unowned(ext)
            ext.driver = client.attachDriver(to: CurlLoopDriver.Host(
                watch: { fd, readable, writable in loop.watch(fd, readable: readable, writable: writable, by: bound.value) },
                unwatch: { fd in loop.unwatch(fd) },
                setTimer: { milliseconds in loop.setTimer(milliseconds, for: bound.value) },
                execute: { body in loop.execute(body) }))
            attached?(loop)
        }
    }

    public func descriptorReady(_ fd: Int32, readable: Bool, writable: Bool, failed: Bool) {
        driver?.descriptorReady(fd, readable: readable, writable: writable, failed: failed)
    }

    public func timerFired() { driver?.timerFired() }

    public func loopWillExit() {
        driver?.shutDown()
        driver = nil
    }

    private struct Unowned: @unchecked Sendable {
        unowned let value: CurlLoopExtension
        init(_ value: CurlLoopExtension) { self.value = value }
    }
}
