/// Work that lives on an event loop's thread beside its connections — an upstream client's
/// transfers, say — and has the loop watch its own descriptors and keep one timer for it, so
/// that work never leaves the thread the handler tasks run on. Called on that thread only.
public protocol EventLoopExtension: AnyObject {
    func descriptorReady(_ fd: Int32, readable: Bool, writable: Bool, failed: Bool)
    func timerFired()
    /// The loop is ending (its connections are closed); release what depends on it.
    func loopWillExit()
}

/// One event loop as its extensions see it; given to `HTTPServer`'s `loopSetup` on the loop's
/// thread. Everything but `execute` must be called on that thread.
public struct EventLoopHandle: @unchecked Sendable {
    let loop: EventLoop

    /// Keeps `ext` for the loop's lifetime and tells it when the loop ends.
    public func attach(_ ext: any EventLoopExtension) { loop.attach(ext) }

    /// Watches `fd` for `ext` (level-triggered), replacing an earlier interest in it.
    public func watch(_ fd: Int32, readable: Bool, writable: Bool, by ext: any EventLoopExtension) {
        loop.watch(fd, readable: readable, writable: writable, by: ext)
    }

    public func unwatch(_ fd: Int32) { loop.unwatch(fd) }

    /// Calls `ext.timerFired()` after `milliseconds` (0: on the loop's next turn); nil cancels.
    public func setTimer(_ milliseconds: Int?, for ext: any EventLoopExtension) {
        loop.setTimer(milliseconds, for: ext)
    }

    /// Runs `body` on the loop's thread soon; from any thread. Dropped once the loop has ended.
    public func execute(_ body: @escaping @Sendable () -> Void) { loop.execute(body) }

    /// The loop as a task executor (handler tasks already prefer it).
    public var executor: any TaskExecutor { loop }
}
