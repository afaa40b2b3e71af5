import HTTPServer
import Synchronization

/// The gateway's in-memory response cache. A hit is one lock-protected dictionary lookup
/// with no suspension point, because it sits on the hottest path (a cached GET must cost
/// little more than writing the bytes). Entries outlive their TTL by up to `maxStaleAge`
/// so a failing vendor can be papered over (stale-if-error); memory is bounded in bytes
/// with least-recently-used eviction.
public final class ResponseCache: Sendable {
    public struct Configuration: Sendable {
        /// Upper bound of all entries' charged bytes.
        public var maxBytes: Int
        /// How long past its TTL an entry may still be served when the vendor fails.
        public var maxStaleAge: Duration
        /// Larger answers are not cached (one voicemail recording must not flush the rest).
        public var maxEntryBytes: Int

        public init(maxBytes: Int = 64 << 20, maxStaleAge: Duration = .seconds(300), maxEntryBytes: Int? = nil) {
            self.maxBytes = maxBytes
            self.maxStaleAge = maxStaleAge
            self.maxEntryBytes = maxEntryBytes ?? max(1, maxBytes / 8)
        }
    }

    /// Proof that a fill started before or after an invalidation: a fill that began before a
    /// write to its tenant and kind must not store its (now outdated) answer.
    public struct FillTicket: Sendable, Equatable {
        let generation: UInt64
    }

    public enum Lookup: Sendable {
        case fresh(CachedResponse, age: Duration)
        /// Past its TTL but within the stale window: fetch anew, serve this only on failure.
        case stale(CachedResponse, age: Duration, FillTicket)
        case miss(FillTicket)
    }

    private struct Entry {
        var response: CachedResponse
        var storedAt: ContinuousClock.Instant
        var expiresAt: ContinuousClock.Instant
        /// The client response last rendered for a hit and the whole-second age it states:
        /// hits within the same second share it (its body is the entry's own bytes).
        var rendered: (age: Int64, response: HTTPResponse)?
    }

    private struct Scope: Hashable {
        var tenant: String
        var kind: ResourceKind
    }

    private struct State {
        var entries = LRUStorage<CacheKey, Entry>()
        var keysByScope: [Scope: Set<CacheKey>] = [:]
        var generations: [Scope: UInt64] = [:]

        mutating func remove(_ key: CacheKey) {
            guard entries.remove(key) != nil else { return }
            let scope = Scope(tenant: key.tenant, kind: key.kind)
            keysByScope[scope]?.remove(key)
            if keysByScope[scope]?.isEmpty == true { keysByScope[scope] = nil }
        }
    }

    public let configuration: Configuration
    private let ttls: [String: ResourceTTLs]
    private let clock: any MonotonicClock
    private let state = Mutex(State())

    /// - Parameter ttls: per tenant id; tenants not listed use `ResourceTTLs.defaults`.
    public init(configuration: Configuration = Configuration(), ttls: [String: ResourceTTLs] = [:],
                clock: any MonotonicClock = SystemMonotonicClock()) {
        self.configuration = configuration
        self.ttls = ttls
        self.clock = clock
    }

    public func ttl(for tenant: String, kind: ResourceKind) -> Duration {
        (ttls[tenant] ?? .defaults)[kind]
    }

    /// The configured tenants that keep nothing of `kind` (TTL 0): no fresh entry of that
    /// kind can ever exist for them.
    public func tenants(keepingNoneOf kind: ResourceKind) -> Set<String> {
        Set(ttls.filter { $0.value[kind] == .zero }.keys)
    }

    public func lookup(_ key: CacheKey) -> Lookup {
        let now = clock.now()
        let maxStale = configuration.maxStaleAge
        return state.withLock { state in
            // A fresh hit needs no fill ticket: the generation is looked up only for the
            // answers that lead to a fill (one hash less on the hottest path).
            func ticket() -> FillTicket { FillTicket(generation: state.generations[Scope(tenant: key.tenant, kind: key.kind)] ?? 0) }
            guard let entry = state.entries.get(key) else { return .miss(ticket()) }
            let age = now - entry.storedAt
            if now < entry.expiresAt { return .fresh(entry.response, age: age) }
            if now - entry.expiresAt <= maxStale { return .stale(entry.response, age: age, ticket()) }
            state.remove(key)
            return .miss(ticket())
        }
    }

    /// A fresh entry as a client response, or nil. `render` turns the entry and its age
    /// into that response; it runs under the cache's lock, at most once per entry and
    /// second of age (`Age` counts whole seconds), and every other hit shares its result:
    /// building the response was most of a hit's cost in the gateway.
    public func freshResponse(_ key: CacheKey, render: @Sendable (CacheOutcome) -> HTTPResponse) -> HTTPResponse? {
        let now = clock.now()
        return state.withLock { state in
            state.entries.update(key) { entry -> HTTPResponse? in
                guard now < entry.expiresAt else { return nil }
                let age = now - entry.storedAt
                let seconds = max(0, age.components.seconds)
                if let rendered = entry.rendered, rendered.age == seconds { return rendered.response }
                let response = render(CacheOutcome(response: entry.response, result: .hit, age: age))
                entry.rendered = (seconds, response)
                return response
            } ?? nil
        }
    }

    /// Stores a fresh answer unless it is not a success, its kind is not cached for the
    /// tenant, it is too large, or the tenant's data of that kind was invalidated since
    /// `ticket` was issued.
    /// Returns whether it was stored.
    @discardableResult
    public func store(_ response: CachedResponse, for key: CacheKey, ticket: FillTicket) -> Bool {
        let ttl = ttl(for: key.tenant, kind: key.kind)
        let size = response.chargedBytes + key.operation.utf8.count + key.arguments.utf8.count + key.tenant.utf8.count
        guard (200..<300).contains(response.status), ttl > .zero, size <= configuration.maxEntryBytes else { return false }
        let now = clock.now()
        let maxBytes = configuration.maxBytes
        return state.withLock { state in
            let scope = Scope(tenant: key.tenant, kind: key.kind)
            guard (state.generations[scope] ?? 0) == ticket.generation else { return false }
            let evicted = state.entries.set(key, Entry(response: response, storedAt: now, expiresAt: now + ttl),
                                            bytes: size, maxBytes: maxBytes)
            state.keysByScope[scope, default: []].insert(key)
            for victim in evicted {
                let s = Scope(tenant: victim.tenant, kind: victim.kind)
                state.keysByScope[s]?.remove(victim)
                if state.keysByScope[s]?.isEmpty == true { state.keysByScope[s] = nil }
            }
            return true
        }
    }

    /// Drops every entry (fresh and stale) of these kinds for the tenant and refuses fills
    /// that were already under way, so a write is visible to the next read.
    public func invalidate(tenant: String, kinds: Set<ResourceKind>) {
        state.withLock { state in
            for kind in kinds {
                let scope = Scope(tenant: tenant, kind: kind)
                state.generations[scope, default: 0] &+= 1
                for key in state.keysByScope[scope] ?? [] { state.entries.remove(key) }
                state.keysByScope[scope] = nil
            }
        }
    }

    /// Entry count and charged bytes, for metrics.
    public var usage: (entries: Int, bytes: Int) {
        state.withLock { ($0.entries.count, $0.entries.bytes) }
    }

    /// Keys from least to most recently used.
    var keysOldestFirst: [CacheKey] { state.withLock { $0.entries.keysOldestFirst } }
}
