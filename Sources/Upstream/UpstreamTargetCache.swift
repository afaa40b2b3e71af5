import Synchronization

/// Parsed targets of recently sent URLs. An adapter sends the same few URLs over and over
/// (a tenant's list endpoints), and parsing one through libcurl's URL API costs a handle,
/// a parse and three copies each time; a lookup costs a hash of the string. Only URLs that
/// passed every check are kept, so a hit means exactly what a fresh parse would. Bounded:
/// when full it starts over, so URLs that vary per request (a query with a timestamp)
/// cannot grow it.
final class UpstreamTargetCache: Sendable {
    static let capacity = 256
    private let targets = Mutex<[String: UpstreamTarget]>([:])

    func target(for url: String, method: String) throws(UpstreamError) -> UpstreamTarget {
        if let known = targets.withLock({ $0[url] }) { return known }
        let parsed = try UpstreamTarget.parse(url, method: method)
        targets.withLock { targets in
            if targets.count >= Self.capacity { targets.removeAll(keepingCapacity: true) }
            targets[url] = parsed
        }
        return parsed
    }
}
