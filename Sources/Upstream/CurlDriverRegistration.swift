import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Which `CurlLoopDriver` of one client serves the calling thread: a thread-specific slot,
/// so finding it costs a load, not a lookup under a lock. Set and cleared by the driver on
/// its own thread; the slot holds no reference (the hosting loop keeps the driver alive until
/// it shuts the driver down, which clears the slot first).
final class CurlDriverRegistration: Sendable {
    private let key: pthread_key_t
    private let transfers = Atomic<Int>(0)

    init() {
        var key = pthread_key_t()
        let rc = pthread_key_create(&key, nil)
        precondition(rc == 0, "pthread_key_create failed: \(rc)")
        self.key = key
    }

    deinit { pthread_key_delete(key) }

    /// Transfers run by drivers on their loops (not handed to the curl thread).
    var transfersOnLoops: Int { transfers.load(ordering: .relaxed) }

    func countTransfer() { transfers.add(1, ordering: .relaxed) }

    var current: CurlLoopDriver? {
        guard let raw = pthread_getspecific(key) else { return nil }
        return Unmanaged<CurlLoopDriver>.fromOpaque(raw).takeUnretainedValue()
    }

    func register(_ driver: CurlLoopDriver) {
        _ = pthread_setspecific(key, Unmanaged.passUnretained(driver).toOpaque())
    }

    func unregister(_ driver: CurlLoopDriver) {
        if pthread_getspecific(key) == Unmanaged.passUnretained(driver).toOpaque() { _ = pthread_setspecific(key, nil) }
    }
}
