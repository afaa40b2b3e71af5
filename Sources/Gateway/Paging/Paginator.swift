import HTTPServer
import PBXCore

/// `limit`/`cursor` for every list, implemented once. Adapters with vendor paging return a
/// `nextToken`; those without return the whole result and the gateway slices it. Either way
/// the client sees `limit` items at most and an opaque `nextCursor`.
struct Paginator: Sendable {
    let codec: CursorCodec

    struct Request: Sendable {
        var limit: Int
        var position: CursorCodec.Position
        var binding: String
    }

    static let defaultLimit = 100
    static let maxLimit = 1000

    /// Reads `limit` and `cursor`; `binding` identifies the query (route, tenant, filters).
    func request(_ query: QueryParameters, route: String, tenant: String) throws(HTTPError) -> Request {
        let limit = try query.int("limit", in: 1...Self.maxLimit, default: Self.defaultLimit)
        let binding = route + "\u{0}" + tenant + "\u{0}" + query.filterBinding
        var position = CursorCodec.Position(token: nil, offset: 0)
        if let cursor = query["cursor"] { position = try codec.decode(cursor, binding: binding) }
        return Request(limit: limit, position: position, binding: binding)
    }

    /// One page: asks the adapter from the cursor's token, skips the cursor's offset, and
    /// returns at most `limit` items with the cursor for the rest.
    func page<T: Sendable>(_ r: Request, fetch: (PageRequest) async throws -> Page<T>) async throws -> (items: [T], nextCursor: String?) {
        let result = try await fetch(PageRequest(limit: r.limit + r.position.offset, token: r.position.token))
        let start = min(r.position.offset, result.items.count)
        let remaining = result.items[start...]
        if remaining.count > r.limit {
            let next = CursorCodec.Position(token: r.position.token, offset: r.position.offset + r.limit)
            return (Array(remaining.prefix(r.limit)), codec.encode(next, binding: r.binding))
        }
        guard !result.complete, let token = result.nextToken else { return (Array(remaining), nil) }
        return (Array(remaining), codec.encode(CursorCodec.Position(token: token, offset: 0), binding: r.binding))
    }

    /// For adapter answers that are always whole lists.
    func page<T: Sendable>(_ r: Request, all: () async throws -> [T]) async throws -> (items: [T], nextCursor: String?) {
        try await page(r) { _ in Page.all(try await all()) }
    }
}
