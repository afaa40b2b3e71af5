import Synchronization

/// Holds fonial logins in flight for as long as a test wants: while closed, every
/// `/session/authenticate` waits (already counted) until the gate opens. Lets a test have
/// a login running for certain while it fires requests at the gateway, without guessing a
/// latency that a loaded machine might outrun.
final class FonialLoginGate: Sendable {
    private struct State {
        var closed = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Logins waiting at the gate.
    var waiting: Int { state.withLock { $0.waiting.count } }

    func close() { state.withLock { $0.closed = true } }

    /// Lets every waiting login through and stops holding new ones.
    func open() {
        let released = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.closed = false
            defer { s.waiting.removeAll() }
            return s.waiting
        }
        for login in released { login.resume() }
    }

    /// Returns at once while open; otherwise when the gate opens.
    func pass() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let through = state.withLock { s -> Bool in
                guard s.closed else { return true }
                s.waiting.append(continuation)
                return false
            }
            if through { continuation.resume() }
        }
    }
}
