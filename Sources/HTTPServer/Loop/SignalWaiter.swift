@preconcurrency import Dispatch
import Glibc
import Synchronization

/// Waits for the first of some signals without a handler running in signal context:
/// the signals are ignored for default delivery and observed through Dispatch sources.
final class SignalWaiter: @unchecked Sendable {  // sources are immutable and thread-safe
    private let sources: [any DispatchSourceSignal]
    private let state = Mutex<(fired: Bool, waiter: CheckedContinuation<Void, Never>?)>((false, nil))

    init(signals: [Int32]) {
        var sources: [any DispatchSourceSignal] = []
        for s in signals {
            signal(s, SIG_IGN)
            sources.append(DispatchSource.makeSignalSource(signal: s, queue: .global()))
        }
        self.sources = sources
        for source in sources {
            source.setEventHandler { [weak self] in self?.fire() }
            source.resume()
        }
    }

    deinit { for s in sources { s.cancel() } }

    private func fire() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            s.fired = true
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    func wait() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.fired { return true }
                s.waiter = c
                return false
            }
            if now { c.resume() }
        }
    }
}
