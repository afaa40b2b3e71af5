/// How a request was answered with respect to the cache; `X-Cache` header value, access
/// log field and metric label.
public enum CacheResult: String, Sendable {
    /// Fresh entry, the vendor was not asked.
    case hit
    /// Asked the vendor (possibly sharing another request's call).
    case miss
    /// The vendor failed; an expired entry within the stale window was served.
    case stale
}
