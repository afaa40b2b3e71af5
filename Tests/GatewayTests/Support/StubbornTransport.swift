import Synchronization
import Upstream

/// The gateway's transport with a switch: once `hold(_:)` names a URL fragment, matching
/// vendor calls stop before they are sent and stay stopped, deaf to cancellation, until
/// `release()`. That is a vendor call overrunning its request's deadline (a transport
/// that does not notice cancellation), which no simulator latency can produce, since the
/// gateway cancels a call at its deadline. Other calls pass straight through.
final class StubbornTransport: UpstreamTransport {
    private struct State {
        var fragment: String?
        var held: [CheckedContinuation<Void, Never>] = []
    }

    private let inner: any UpstreamTransport
    private let state = Mutex(State())

    init(_ inner: any UpstreamTransport = CurlClient()) { self.inner = inner }

    /// Calls being held right now.
    var held: Int { state.withLock { $0.held.count } }

    func hold(_ fragment: String) { state.withLock { $0.fragment = fragment } }

    func release() {
        let held = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.fragment = nil
            defer { s.held.removeAll() }
            return s.held
        }
        for call in held { call.resume() }
    }

    func send(_ request: UpstreamRequest) async throws(UpstreamError) -> UpstreamResponse {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let through = state.withLock { s -> Bool in
                guard let fragment = s.fragment, request.url.contains(fragment) else { return true }
                s.held.append(continuation)
                return false
            }
            if through { continuation.resume() }
        }
        return try await inner.send(request)
    }
}
