import CCurl
#if canImport(Glibc)
import Glibc
#endif

/// A `CurlClient`'s transfers run by an event loop that is not the client's curl thread: the
/// loop watches the descriptors libcurl names and keeps the one timer it asks for, and calls
/// back here when either fires (libcurl's socket interface, `curl_multi_socket_action`). A
/// request sent from that loop's thread then starts, progresses and finishes on it, and its
/// caller resumes there too: no hand-off to the curl thread and back. The driver has its own
/// multi handle, so its own connection pool, with the client's limits.
///
/// Confined to the hosting loop's thread; only the `Host.execute` hop crosses threads.
public final class CurlLoopDriver {
    /// What the hosting loop does for the driver. Every closure but `execute` is called on the
    /// loop's thread; `execute` runs its body there later, from any thread, and drops it once
    /// the loop is gone.
    public struct Host: Sendable {
        /// Watch `fd` for reading and/or writing (replacing an earlier interest).
        public var watch: @Sendable (_ fd: Int32, _ readable: Bool, _ writable: Bool) -> Void
        public var unwatch: @Sendable (_ fd: Int32) -> Void
        /// Call `timerFired` after this many milliseconds (0: on the next turn); nil: never.
        public var setTimer: @Sendable (_ milliseconds: Int?) -> Void
        public var execute: @Sendable (_ body: @escaping @Sendable () -> Void) -> Void

        public init(watch: @escaping @Sendable (Int32, Bool, Bool) -> Void, unwatch: @escaping @Sendable (Int32) -> Void,
                    setTimer: @escaping @Sendable (Int?) -> Void,
                    execute: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void) {
            self.watch = watch
            self.unwatch = unwatch
            self.setTimer = setTimer
            self.execute = execute
        }
    }

    private let host: Host
    private let transfers: CurlTransferSet
    private let thread: pthread_t
    private let registration: CurlDriverRegistration
    private var closed = false
    /// The timer libcurl last asked for, in milliseconds (nil: none).
    private var requestedTimer: Int?

    init(host: Host, configuration: CurlClientConfiguration, registration: CurlDriverRegistration) {
        self.host = host
        self.registration = registration
        thread = pthread_self()
        let multi = CurlTransferSet.makeMulti(configuration)
        transfers = CurlTransferSet(multi: multi, configuration: configuration)
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = sb_multi_set_socket_callback(multi, Self.onSocket, me)
        _ = sb_multi_set_timer_callback(multi, Self.onTimer, me)
        registration.register(self)
    }

    // MARK: the hosting loop calls these (on its thread)

    public func descriptorReady(_ fd: Int32, readable: Bool, writable: Bool, failed: Bool) {
        guard !closed else { return }
        let mask = (readable ? CURL_CSELECT_IN : 0) | (writable ? CURL_CSELECT_OUT : 0) | (failed ? CURL_CSELECT_ERR : 0)
        var running: Int32 = 0
        _ = curl_multi_socket_action(transfers.multi, fd, Int32(mask), &running)
        transfers.collectFinished()
    }

    public func timerFired() {
        guard !closed else { return }
        var running: Int32 = 0
        _ = curl_multi_socket_action(transfers.multi, CURL_SOCKET_TIMEOUT, 0, &running)
        transfers.collectFinished()
    }

    /// The loop is ending: transfers in flight fail as cancelled, and requests sent from this
    /// thread from now on go to the client's curl thread.
    public func shutDown() {
        guard !closed else { return }
        closed = true
        registration.unregister(self)
        transfers.cancelAll()
        CurlTransferSet.releaseMulti(transfers.multi)
        host.setTimer(nil)
    }

    // MARK: sending (CurlClient, on this thread)

    var isUsableHere: Bool { !closed && pthread_equal(thread, pthread_self()) != 0 }

    /// Starts the transfer here when the caller still runs on this loop's thread, else hands
    /// it to `fallback` (the client's curl thread). Cancellation reaches whichever has it:
    /// both ignore an id they do not hold.
    func send(_ request: UpstreamRequest, target: UpstreamTarget, id: UInt64,
              fallback: CurlMultiLoop) async -> Result<CompletedTransfer, UpstreamError> {
        let me = ThreadBound(self)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (completion: PendingTransfer.Completion) in
                let pending = PendingTransfer(id: id, request: request, target: target, completion: completion)
                guard me.value.isUsableHere else { return fallback.submit(pending) }
                // A cancel handler that ran before this point found nothing to cancel.
                if Task.isCancelled { return pending.fail(.cancelled) }
                me.value.registration.countTransfer()
                me.value.transfers.start(pending)
                me.value.startNow()
            }
        } onCancel: {
            me.value.host.execute { me.value.cancel(id) }
            fallback.cancel(id)
        }
    }

    /// Adding a transfer makes libcurl ask for a 0 ms timer: it wants one call to start the
    /// transfer (reuse or open a connection, send the request). Made here, that call puts the
    /// request on the wire in this turn of the loop rather than the next, and saves the turn.
    /// Not from inside libcurl: `send` runs in a task's job, never in a curl callback.
    private func startNow() {
        guard requestedTimer == 0 else { return }
        timerFired()
    }

    private func cancel(_ id: UInt64) {
        guard !closed else { return }
        transfers.cancel(id)
    }

    // MARK: libcurl's callbacks (inside curl_multi_socket_action / add_handle, on this thread)

    private static let onSocket: sb_socket_callback = { _, fd, what, clientp, _ in
        guard let clientp else { return 0 }
        let driver = Unmanaged<CurlLoopDriver>.fromOpaque(clientp).takeUnretainedValue()
        if what == CURL_POLL_REMOVE {
            driver.host.unwatch(fd)
        } else {
            driver.host.watch(fd, what & CURL_POLL_IN != 0, what & CURL_POLL_OUT != 0)
        }
        return 0
    }

    private static let onTimer: sb_timer_callback = { _, milliseconds, clientp in
        guard let clientp else { return 0 }
        let driver = Unmanaged<CurlLoopDriver>.fromOpaque(clientp).takeUnretainedValue()
        driver.requestedTimer = milliseconds < 0 ? nil : milliseconds
        driver.host.setTimer(driver.requestedTimer)
        return 0
    }
}

/// Carries the driver into the cancel handler and the hop back to its thread; only ever
/// dereferenced on that thread (`cancel` runs through `Host.execute`).
private struct ThreadBound: @unchecked Sendable {
    let value: CurlLoopDriver
    init(_ value: CurlLoopDriver) { self.value = value }
}
