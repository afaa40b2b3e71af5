import Testing
@testable import Upstream

/// Parsed URLs are reused only for exactly the string that passed every check.
@Suite struct UpstreamTargetCacheTests {
    @Test func aKnownURLGivesWhatAFreshParseGives() throws {
        let cache = UpstreamTargetCache()
        let url = "https://pbx.example.net:8443/api/v2/extensions?page=1"
        let fresh = try UpstreamTarget.parse(url, method: "GET")
        #expect(try cache.target(for: url, method: "GET") == fresh)
        #expect(try cache.target(for: url, method: "GET") == fresh)
        #expect(fresh.host == "pbx.example.net" && fresh.path == "/api/v2/extensions" && fresh.scheme == "https")
    }

    @Test(arguments: ["file:///etc/passwd", "ftp://pbx.example.net/x", "http://", "not a url", "http://pbx.example.net/a\nb"])
    func aRefusedURLIsRefusedEveryTime(url: String) {
        let cache = UpstreamTargetCache()
        for _ in 0..<2 {
            #expect(throws: UpstreamError.self) { try cache.target(for: url, method: "GET") }
        }
    }

    @Test func manyDistinctURLsStayCorrectPastTheBound() throws {
        let cache = UpstreamTargetCache()
        let count = UpstreamTargetCache.capacity * 2 + 7
        for i in 0..<count {
            #expect(try cache.target(for: "http://h\(i).example.net/p/\(i)", method: "GET").host == "h\(i).example.net")
        }
        for i in [0, count / 2, count - 1] {
            #expect(try cache.target(for: "http://h\(i).example.net/p/\(i)", method: "GET").path == "/p/\(i)")
        }
    }
}
