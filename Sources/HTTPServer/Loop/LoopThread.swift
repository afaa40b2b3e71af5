import CSystem
import Glibc

/// A dedicated OS thread for one event loop (not a pool thread: the loop blocks in epoll).
final class LoopThread: @unchecked Sendable {
    private var handle = pthread_t()
    private var joined = false

    private final class Box {
        let body: () -> Void
        init(_ body: @escaping () -> Void) { self.body = body }
    }

    init(name: String, _ body: @escaping () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        let rc = pthread_create(&handle, nil, { arg in
            let box = Unmanaged<Box>.fromOpaque(arg!).takeRetainedValue()
            box.body()
            return nil
        }, box)
        precondition(rc == 0, "pthread_create failed: \(rc)")
        csys_set_thread_name(handle, String(name.prefix(15)))
    }

    /// Waits for the thread to end; called once the loop has signalled its exit.
    func join() {
        guard !joined else { return }
        joined = true
        pthread_join(handle, nil)
    }
}
