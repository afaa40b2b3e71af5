import Testing
@testable import Gateway
import PBXCore

/// `limit`/`cursor` on every list: gateway slicing and vendor tokens behave the same to
/// clients; cursors are opaque, tamper-evident and bound to their query.
@Suite struct PagingTests {
    func ids(_ r: TestResponse) -> [String] { r.json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? [] }

    func walk(_ gateway: InProcessGateway, _ path: String, limit: Int) async throws -> [[String]] {
        var pages: [[String]] = []
        var cursor: String?
        repeat {
            var target = path + (path.contains("?") ? "&" : "?") + "limit=\(limit)"
            if let cursor { target += "&cursor=\(cursor)" }
            let r = try await gateway.get(target)
            #expect(r.status == 200, "\(r.text)")
            pages.append(ids(r))
            cursor = r.json?["nextCursor"]?.stringValue
            #expect(pages.count < 50, "paging does not terminate")
        } while cursor != nil && pages.count < 50
        return pages
    }

    @Test(arguments: [false, true])
    func pagesCoverTheWholeListWithoutDuplicatesOrGaps(tokenPaging: Bool) async throws {
        let gateway = try InProcessGateway(adapter: FixtureAdapter(userCount: 25, tokenPaging: tokenPaging))
        let pages = try await walk(gateway, "/v1/tenants/acme/users", limit: 10)
        #expect(pages.map(\.count) == [10, 10, 5])
        let all = ids(try await gateway.get("/v1/tenants/acme/users?limit=1000"))
        #expect(pages.flatMap { $0 } == all)
        #expect(all.count == 25)
    }

    @Test func defaultLimitIs100AndLastPageHasNullCursor() async throws {
        let gateway = try InProcessGateway(adapter: FixtureAdapter(userCount: 120))
        let first = try await gateway.get("/v1/tenants/acme/users")
        #expect(ids(first).count == 100)
        let cursor = try #require(first.json?["nextCursor"]?.stringValue)
        let second = try await gateway.get("/v1/tenants/acme/users?cursor=\(cursor)")
        #expect(ids(second).count == 20)
        #expect(second.json?["nextCursor"] == .null)
    }

    @Test func limitMayChangeBetweenPages() async throws {
        let gateway = try InProcessGateway(adapter: FixtureAdapter(userCount: 25))
        let first = try await gateway.get("/v1/tenants/acme/users?limit=5")
        let cursor = try #require(first.json?["nextCursor"]?.stringValue)
        let second = try await gateway.get("/v1/tenants/acme/users?limit=7&cursor=\(cursor)")
        #expect(ids(second) == (5..<12).map { "u\($0)" })
    }

    @Test func cursorOnAnotherQueryIs400() async throws {
        let gateway = try InProcessGateway()
        let first = try await gateway.get("/v1/tenants/acme/users?limit=5")
        let cursor = try #require(first.json?["nextCursor"]?.stringValue)
        for other in ["/v1/tenants/beta/users?cursor=\(cursor)",              // another tenant
                      "/v1/tenants/acme/users?q=User&cursor=\(cursor)",       // another filter
                      "/v1/tenants/acme/calls?cursor=\(cursor)"] {            // another route
            let r = try await gateway.get(other)
            #expect(r.status == 400, "\(other)")
            #expect(r.problemType == "/problems/invalid-request")
        }
    }

    @Test func tamperedCursorIs400() async throws {
        let gateway = try InProcessGateway()
        let first = try await gateway.get("/v1/tenants/acme/users?limit=5")
        let cursor = try #require(first.json?["nextCursor"]?.stringValue)
        // Edit the position part to jump ahead: the signature no longer matches.
        let forged = Base64URL.encode(Array("20".utf8)) + cursor[cursor.firstIndex(of: ".")!...]
        for bad in [forged, String(cursor.dropLast()), "garbage", cursor + "A"] {
            #expect(try await gateway.get("/v1/tenants/acme/users?cursor=\(bad)").status == 400, "\(bad)")
        }
    }

    @Test(arguments: ["0", "1001", "-1", "ten", "1.5", ""])
    func badLimitIs400(limit: String) async throws {
        let gateway = try InProcessGateway()
        #expect(try await gateway.get("/v1/tenants/acme/users?limit=\(limit)").status == 400)
    }

    @Test func cursorCodecRoundTripsPositions() throws {
        let codec = CursorCodec(secret: Array("0123456789abcdef".utf8))
        for p in [CursorCodec.Position(token: nil, offset: 0), .init(token: "page|2=ä", offset: 17)] {
            #expect(try codec.decode(codec.encode(p, binding: "b"), binding: "b") == p)
            #expect(throws: HTTPErrorMatcher.self) { try HTTPErrorMatcher.wrap { try codec.decode(codec.encode(p, binding: "b"), binding: "c") } }
        }
    }
}

/// Lets `#expect(throws:)` match the gateway's typed HTTP errors.
struct HTTPErrorMatcher: Error {
    static func wrap<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch { throw HTTPErrorMatcher() }
    }
}
