/// What a request's immediate attempt (`HTTPResponder.respondImmediately`) established, for
/// the ordinary path of the same request when that attempt could not answer. Without it a
/// request that misses the cache pays for everything twice: the key check, the tenant, the
/// route match, the cache lookup.
///
/// The server puts one in the context before the immediate attempt (`RequestContext.handOver`);
/// every copy of that context shares it, so what a middleware records during the attempt is
/// there when the ordinary path runs. A connection reuses its one hand-over, cleared, for
/// each request: it dispatches a request only after the one before was answered, and the
/// ordinary path reads the hand-over only before it answers. Only facts the ordinary
/// path would establish identically from the same request belong here (it is the same
/// request: same method, path, headers), and only successes: whatever the attempt refused,
/// the ordinary path checks again and renders.
///
/// Written only during the synchronous immediate attempt, on the connection's loop thread,
/// before the task that runs the ordinary path is created; read-only after that.
public final class HandOver: @unchecked Sendable {
    @usableFromInline var storage: RequestContext.Slot?
    /// The route matched for this request, so that no layer matches it twice. A field of
    /// its own rather than a slot: set for every request that is tried immediately.
    public var match: Router.Match?

    public init() {}

    /// Forgets everything, for the connection's next request.
    func clear() {
        storage = nil
        match = nil
    }

    @inlinable
    public subscript<Key: ContextKey>(key: Key.Type) -> Key.Value? {
        get { RequestContext.find(key, in: storage) }
        set { storage = RequestContext.link(key, newValue, before: storage) }
    }
}
