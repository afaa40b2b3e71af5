import Foundation
import PBXCore
import Testing
import Upstream
@testable import Pascom

/// An in-memory `/cdr/` that follows the documented filter semantics (inclusive
/// `timefrom`/`timeto` in ms, `limit`, `order`) and returns records of equal timestamps in
/// a scrambled order, as a database without a tie-breaker may.
struct CDRStore: Sendable {
    var records: [(id: Int, ms: Int64, srcNumber: String, dstNumber: String, srcInternal: Bool, dstInternal: Bool)]

    func answer(_ r: UpstreamRequest) -> UpstreamResponse {
        let query = r.url.split(separator: "?").dropFirst().first.map { q in
            Dictionary(q.split(separator: "&").map { kv -> (String, String) in
                let p = kv.split(separator: "=", maxSplits: 1)
                return (String(p[0]), p.count > 1 ? String(p[1]).removingPercentEncoding ?? "" : "")
            }, uniquingKeysWith: { a, _ in a })
        } ?? [:]
        let from = query["timefrom"].flatMap { Int64($0) } ?? .min
        let to = query["timeto"].flatMap { Int64($0) } ?? .max
        let limit = query["limit"].flatMap { Int($0) } ?? 100
        var hits = records.filter { $0.ms >= from && $0.ms <= to }
        if let s = query["srcinternal"] { hits = hits.filter { String($0.srcInternal) == s } }
        if let d = query["dstinternal"] { hits = hits.filter { String($0.dstInternal) == d } }
        hits.sort { a, b in a.ms != b.ms ? a.ms > b.ms : (a.id * 7919 % 13) < (b.id * 7919 % 13) }
        let body = hits.prefix(limit).map { r in
            #"{"id": \#(r.id), "timestamp": \#(r.ms), "duration": 10, "connected": 5, "result": "hangup", "srcInternal": \#(r.srcInternal), "dstInternal": \#(r.dstInternal), "srcNumber": "\#(r.srcNumber)", "dstNumber": "\#(r.dstNumber)", "dstUserId": "", "data": {}}"#
        }
        return json("[" + body.joined(separator: ",") + "]")
    }

    /// 60 records over ten timestamps: most timestamps are shared by several records.
    static func ties() -> CDRStore {
        var out: [(Int, Int64, String, String, Bool, Bool)] = []
        for i in 1...60 {
            let ms = Int64(1_700_000_000_000 + (i % 10) * 1000)
            let inbound = i % 3 == 0
            out.append((i, ms, inbound ? "0221555\(i)" : "101", inbound ? "101" : "0221555\(i)", !inbound, inbound))
        }
        return CDRStore(records: out)
    }
}

@Suite("pascom calls paging by time window")
struct PascomCallPagingTests {
    let query = CallQuery(since: Date(timeIntervalSince1970: 1_600_000_000), until: Date(timeIntervalSince1970: 1_800_000_000))

    func walk(_ adapter: PascomAdapter, _ query: CallQuery, limit: Int) async throws -> [[String]] {
        var pages: [[String]] = []
        var token: String?
        repeat {
            let page = try await adapter.listCalls(query, page: PageRequest(limit: limit, token: token), context: testContext())
            pages.append(page.items.map(\.id))
            token = page.nextToken
            #expect(pages.count < 100)
        } while token != nil && pages.count < 100
        return pages
    }

    @Test(arguments: [1, 2, 3, 5, 7, 10, 59, 60, 61, 500])
    func everyRecordOnceAcrossPages(limit: Int) async throws {
        let store = CDRStore.ties()
        let adapter = try makeAdapter(RecordingTransport { r throws(UpstreamError) in store.answer(r) }, options: ["cdrBatchSize": "10"])
        let pages = try await walk(adapter, query, limit: limit)
        let ids = pages.flatMap { $0 }
        #expect(ids.count == 60)
        #expect(Set(ids).count == 60)
        #expect(pages.dropLast().allSatisfy { $0.count == min(limit, 60) || $0.count <= limit })
        // Newest first, deterministic inside a timestamp.
        let expected = store.records.sorted { a, b in a.ms != b.ms ? a.ms > b.ms : a.id > b.id }.map { String($0.id) }
        #expect(ids == expected)
    }

    @Test func filtersAppliedHereStillPageWithoutGaps() async throws {
        let store = CDRStore.ties()
        let adapter = try makeAdapter(RecordingTransport { r throws(UpstreamError) in store.answer(r) }, options: ["cdrBatchSize": "10"])
        var q = query
        q.direction = .inbound
        let inbound = try await walk(adapter, q, limit: 3).flatMap { $0 }
        #expect(inbound.count == 20)
        #expect(Set(inbound).count == 20)
        q = query
        q.number = "+49221555" + "12"          // E.164 of 022155512
        let byNumber = try await walk(adapter, q, limit: 2).flatMap { $0 }
        #expect(byNumber == ["12"])
    }

    @Test func theWindowBoundsTheWalk() async throws {
        let store = CDRStore.ties()
        let t = RecordingTransport { r throws(UpstreamError) in store.answer(r) }
        let adapter = try makeAdapter(t)
        let q = CallQuery(since: date(ms: 1_700_000_003_000), until: date(ms: 1_700_000_004_000))
        let ids = try await walk(adapter, q, limit: 4).flatMap { $0 }
        #expect(ids.count == 12)                 // timestamps 3 and 4, six records each
        #expect(t.requests.allSatisfy { r in
            let from = r.url.split(separator: "timefrom=").last.flatMap { Int64($0.prefix { $0.isNumber }) } ?? 0
            return from >= 1_700_000_003_000 && r.url.contains("order=desc")
        })
    }

    @Test func oneRequestPerPageWhenStampsAreDistinct() async throws {
        var distinct = CDRStore.ties()
        for i in distinct.records.indices { distinct.records[i].ms = 1_700_000_000_000 + Int64(distinct.records[i].id) * 1000 }
        let store = distinct
        let t = RecordingTransport { r throws(UpstreamError) in store.answer(r) }
        let pages = try await walk(try makeAdapter(t), query, limit: 10)
        let expected: [String] = (1...60).reversed().map { String($0) }
        #expect(pages.flatMap { $0 } == expected)
        #expect(pages.count == 6)
        #expect(t.requests.count == 6)
    }

    @Test func tamperedTokenIsInvalidInput() async throws {
        let adapter = try makeAdapter(RecordingTransport { _ throws(UpstreamError) in json("[]") })
        for token in ["x", "c1:abc:", "c1:5:1,a", "c2:5:"] {
            await #expect(throws: PBXError.invalidInput("malformed calls cursor")) {
                try await adapter.listCalls(query, page: PageRequest(limit: 5, token: token), context: testContext())
            }
        }
    }

    @Test func getOneCallAsksByID() async throws {
        let store = CDRStore.ties()
        let t = RecordingTransport { r throws(UpstreamError) in
            r.url.contains("id=17") ? store.answer(r).filtered(id: 17) : json("[]")
        }
        let adapter = try makeAdapter(t)
        #expect(try await adapter.call(id: "17", context: testContext()).id == "17")
        await #expect(throws: PBXError.notFound("no call 18")) { try await adapter.call(id: "18", context: testContext()) }
        await #expect(throws: PBXError.notFound("no call abc")) { try await adapter.call(id: "abc", context: testContext()) }
        #expect(t.requests.count == 2)
    }
}

extension UpstreamResponse {
    func filtered(id: Int) -> UpstreamResponse {
        let all = (try? PascomBody.list(body)) ?? []
        let keep = all.filter { $0["id"] == .number(Double(id)) }
        let data = try! JSONEncoder().encode(keep)
        return json(String(decoding: data, as: UTF8.self))
    }
}
