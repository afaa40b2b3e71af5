import Foundation

/// Runs blocking set-up work (openssl, starting nginx, blocking connects) on a thread of its
/// own: on a 2-core machine the cooperative pool has two threads, and blocking one of them
/// stalls every other test's continuations.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try work() })
        }
    }
}
