import Dispatch
import Foundation

/// Waits for SIGTERM or SIGINT (graceful shutdown), without a global handler: the signals
/// are ignored for the process and delivered through dispatch sources instead.
enum SignalWaiter {
    static func wait() async -> Int32 {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let queue = DispatchQueue(label: "switchboard.signals")
            let state = SignalState(continuation)
            for sig in [SIGTERM, SIGINT] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: queue)
                source.setEventHandler { state.fire(sig) }
                source.resume()
                state.keep(source)
            }
        }
    }
}

/// Resumes the continuation once; keeps the sources alive until then. Touched only on the
/// signal queue after set-up.
private final class SignalState: @unchecked Sendable {
    private var continuation: CheckedContinuation<Int32, Never>?
    private var sources: [any DispatchSourceSignal] = []
    init(_ c: CheckedContinuation<Int32, Never>) { continuation = c }
    func keep(_ s: any DispatchSourceSignal) { sources.append(s) }
    func fire(_ sig: Int32) {
        continuation?.resume(returning: sig)
        continuation = nil
        sources.forEach { $0.cancel() }
    }
}
