/// Paging between gateway and adapter. The gateway turns `token` into an opaque,
/// tamper-evident cursor bound to the query; adapters never see client cursors.
public struct PageRequest: Sendable, Hashable {
    public var limit: Int
    /// The adapter's own continuation state from a previous `Page.nextToken`; nil = first page.
    public var token: String?
    public init(limit: Int, token: String? = nil) {
        self.limit = limit
        self.token = token
    }
}

public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// Adapter state for the next page; nil when there is none. An adapter whose vendor
    /// has no paging returns everything with `complete: true` and the gateway slices.
    public var nextToken: String?
    /// True when `items` is the whole result regardless of `limit`.
    public var complete: Bool

    public init(items: [Item], nextToken: String? = nil, complete: Bool = false) {
        self.items = items
        self.nextToken = nextToken
        self.complete = complete
    }

    /// Whole result; the gateway slices it.
    public static func all(_ items: [Item]) -> Page { Page(items: items, nextToken: nil, complete: true) }
}
