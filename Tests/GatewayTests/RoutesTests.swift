import Foundation
import Testing
@testable import Gateway
import PBXCore

/// What the routes themselves decide: validation of queries and bodies, the JSON shapes of
/// API.md (explicit nulls, `Z` times), status codes, and the mapping of adapter errors.
@Suite struct RoutesTests {
    @Test func userJSONHasEveryMemberWithExplicitNulls() async throws {
        let gateway = try InProcessGateway()
        let r = try await gateway.get("/v1/tenants/acme/users/u1")
        #expect(r.status == 200)
        #expect(r.header("Content-Type") == "application/json")
        #expect(r.header("Cache-Control") == "no-store")
        #expect(r.header("X-Request-Id") == "req-1")
        let user = try #require(r.json?.objectValue)
        #expect(Set(user.keys) == ["id", "name", "username", "extensions", "email", "presence"])
        #expect(user["email"] == .null)
        #expect(user["presence"]?.stringValue == "unknown")
        #expect(user["extensions"] == .array([.string("101")]))
    }

    @Test func callTimesAreRFC3339UTCAndMissingDurationsAreNull() async throws {
        let gateway = try InProcessGateway()
        let r = try await gateway.get("/v1/tenants/acme/calls?limit=2")
        let calls = try #require(r.json?["data"]?.arrayValue)
        #expect(calls.count == 2)
        // Newest first: c29 started at 1_700_000_000 + 29 min = 2023-11-14T22:42:20Z.
        #expect(calls[0]["id"]?.stringValue == "c29")
        #expect(calls[0]["startedAt"]?.stringValue == "2023-11-14T22:42:20Z")
        #expect(calls[0]["durationSeconds"] == .null)
        #expect(calls[0]["answeredAt"] == .null)
        #expect(calls[1]["durationSeconds"]?.intValue == 42)
        #expect(calls[1]["answeredAt"]?.stringValue == "2023-11-14T22:41:25Z")
        let from = try #require(calls[0]["from"]?.objectValue)
        #expect(Set(from.keys) == ["number", "rawNumber", "name", "extension", "userId"])
    }

    @Test func callWindowFilters() async throws {
        let gateway = try InProcessGateway()
        func count(_ q: String) async throws -> Int? {
            try await gateway.get("/v1/tenants/acme/calls?limit=1000&\(q)").json?["data"]?.arrayValue?.count
        }
        #expect(try await count("since=2023-11-14T22:23:20Z") == 20)
        #expect(try await count("since=2023-11-14T23:20:00%2B01:00&until=2023-11-14T22:24:59Z") == 5)
        // Date-only in the tenant's zone (UTC here): the whole day.
        #expect(try await count("since=2023-11-14&until=2023-11-14") == 30)
        #expect(try await count("until=2023-11-13") == 0)
        for bad in ["since=yesterday", "since=2023-13-01", "since=2023-11-15&until=2023-11-14", "direction=sideways"] {
            #expect(try await gateway.get("/v1/tenants/acme/calls?\(bad)").status == 400, "\(bad)")
        }
    }

    @Test func includeRawAddsTheRecordWithoutSecrets() async throws {
        let gateway = try InProcessGateway()
        let plain = try await gateway.get("/v1/tenants/acme/users/u3")
        #expect(plain.json?["raw"] == nil)
        let raw = try await gateway.get("/v1/tenants/acme/users/u3?include=raw")
        #expect(raw.json?["raw"]?["name"]?.stringValue == "User 3")
        #expect(raw.json?["raw"]?["013pee_password"] == nil)
        #expect(!raw.text.contains("sip-secret"))
        #expect(try await gateway.get("/v1/tenants/acme/users/u3?include=everything").status == 400)
    }

    @Test func unknownQueryParametersAre400() async throws {
        let gateway = try InProcessGateway()
        let r = try await gateway.get("/v1/tenants/acme/users?limit=5&sort=name")
        #expect(r.status == 400)
        #expect(r.json?["detail"]?.stringValue?.contains("'sort'") == true)
        #expect(try await gateway.get("/v1/tenants/acme/users?limit=5&limit=6").status == 400)
        #expect(try await gateway.get("/v1/tenants/acme/users?q=%zz").status == 400)
        #expect(try await gateway.get("/healthz?x=1").status == 400)
    }

    @Test func clickToDialValidatesItsBodyAndAnswers202() async throws {
        let adapter = FixtureAdapter()
        let gateway = try InProcessGateway(adapter: adapter)
        let ok = try await gateway.request(.POST, "/v1/tenants/acme/calls", body: #"{"from":"101","to":"+49 221 66966966"}"#)
        #expect(ok.status == 202)
        #expect(ok.json == .object(["status": .string("queued"), "callId": .string("call-1")]))
        #expect(adapter.originated.map(\.from) == ["101"])
        for bad in ["", "not json", "[]", #"{"from":"101"}"#, #"{"from":101,"to":"123"}"#,
                    #"{"from":"101","to":"123","priority":1}"#, #"{"from":"101","to":"call me"}"#] {
            let r = try await gateway.request(.POST, "/v1/tenants/acme/calls", body: bad)
            #expect(r.status == 400, "\(bad)")
            #expect(r.header("Content-Type") == "application/problem+json")
        }
        #expect(adapter.originated.count == 1, "invalid bodies never reach the adapter")
    }

    @Test func createContactAnswers201WithLocation() async throws {
        let gateway = try InProcessGateway()
        let body = #"{"name":"Ada","company":"ACME","numbers":[{"type":"work","number":"0221 66966966"}]}"#
        let r = try await gateway.request(.POST, "/v1/tenants/acme/phonebook", body: body)
        #expect(r.status == 201)
        #expect(r.header("Location") == "/v1/tenants/acme/phonebook/ct%2F1")
        #expect(r.json?["numbers"]?.arrayValue?.first?["type"]?.stringValue == "work")
        for bad in [#"{"company":""}"#, #"{"name":"A","numbers":[{"type":"pager","number":"1"}]}"#,
                    #"{"name":"A","numbers":"0221"}"#, #"{"name":"A","id":"x"}"#, #"{"name":"A","numbers":[{"type":null,"number":"1"}]}"#, #"{"name":"A","numbers":[{"number":"1","label":"x"}]}"#] {
            #expect(try await gateway.request(.POST, "/v1/tenants/acme/phonebook", body: bad).status == 400, "\(bad)")
        }
    }

    @Test(arguments: [
        (PBXError.notFound("user 7"), 404, "/problems/not-found"),
        (PBXError.invalidInput("bad extension"), 400, "/problems/invalid-request"),
        (PBXError.conflict("exists"), 409, "/problems/conflict"),
        (PBXError.upstream(status: 500, detail: "server error"), 502, "/problems/upstream-error"),
        (PBXError.authenticationFailed("login refused"), 502, "/problems/upstream-error"),
        (PBXError.unavailable("connection refused"), 502, "/problems/upstream-error"),
        (PBXError.timeout("no answer in 10 s"), 504, "/problems/upstream-timeout"),
        (PBXError.unsupported(.usersList), 501, "/problems/unsupported"),
    ])
    func adapterErrorsMapToProblems(error: PBXError, status: Int, type: String) async throws {
        let gateway = try InProcessGateway(adapter: FixtureAdapter(failure: error))
        let r = try await gateway.get("/v1/tenants/acme/users")
        #expect(r.status == status)
        #expect(r.problemType == type)
        #expect(r.json?["tenant"]?.stringValue == "acme")
        #expect(r.json?["status"]?.intValue == status)
    }

    @Test func adapterErrorTextIsScrubbedOfTheTenantsSecrets() async throws {
        let gateway = try InProcessGateway(adapter: FixtureAdapter(failure: .upstream(status: 401, detail: "echo: pw-canary-acme")))
        let r = try await gateway.get("/v1/tenants/acme/users")
        #expect(r.status == 502)
        #expect(!r.text.contains("pw-canary-acme"))
    }

    @Test func undeclaredCapabilityIs501WithoutCallingTheAdapter() async throws {
        let adapter = FixtureAdapter(capabilities: [.usersList])
        let gateway = try InProcessGateway(adapter: adapter)
        let r = try await gateway.request(.POST, "/v1/tenants/acme/calls", body: #"{"from":"101","to":"123"}"#)
        #expect(r.status == 501)
        #expect(r.json?["capability"]?.stringValue == "calls.originate")
        #expect(adapter.originated.isEmpty)
        let tenant = try await gateway.get("/v1/tenants/acme")
        #expect(tenant.json?["capabilities"] == .array([.string("users.list")]))
    }

    @Test func unknownPathsAre404AndWrongMethods405() async throws {
        let gateway = try InProcessGateway()
        #expect(try await gateway.get("/v1/tenants/acme/nothing").status == 404)
        let r = try await gateway.request(.PATCH, "/v1/tenants/acme/users")
        #expect(r.status == 405)
        #expect(r.header("Allow")?.contains("GET") == true)
    }

    @Test func lookupNormalisesTheNumberFirst() async throws {
        let gateway = try InProcessGateway()
        #expect(try await gateway.get("/v1/tenants/acme/phonebook/lookup").status == 400)
        #expect(try await gateway.get("/v1/tenants/acme/phonebook/lookup?number=abc").status == 400)
    }
}
