import Testing
import HTTPServer
@testable import Gateway

/// Keys and tenants, in API.md's precedence: 401 → 403 → 404 (tenant) → 400 → 501.
@Suite struct AuthTests {
    let gateway: InProcessGateway
    init() throws { gateway = try InProcessGateway() }

    @Test func missingKeyIs401WithChallenge() async throws {
        let r = try await gateway.get("/v1/tenants", key: .some(nil))
        #expect(r.status == 401)
        #expect(r.header("WWW-Authenticate") == "Bearer")
        #expect(r.problemType == "/problems/unauthenticated")
        #expect(r.header("Content-Type") == "application/problem+json")
        #expect(r.json?["requestId"]?.stringValue == "req-1")
    }

    @Test func unknownAndMalformedKeysAnswerTheSame401() async throws {
        let unknown = try await gateway.get("/v1/tenants", key: "nope")
        let wrongScheme = try await gateway.request(.GET, "/v1/tenants", key: "")
        #expect(unknown.status == 401 && wrongScheme.status == 401)
        #expect(unknown.body == wrongScheme.body)
    }

    @Test func otherSchemesAreNotAccepted() async throws {
        var headers = HTTPHeadersBuilder()
        headers.add("Authorization", "Basic \(InProcessGateway.fullKey)")
        let r = try await gateway.application.responder.respond(
            to: .init(method: .GET, target: "/v1/tenants", headers: headers.headers), context: .init(requestID: "x"))
        #expect(r.status.code == 401)
    }

    @Test func sha256KeysAuthenticate() async throws {
        let r = try await gateway.get("/v1/tenants/acme", key: InProcessGateway.hashedKey)
        #expect(r.status == 200)
        #expect(r.json?["id"]?.stringValue == "acme")
    }

    @Test func keysSeeOnlyTheirTenants() async throws {
        let all = try await gateway.get("/v1/tenants")
        #expect(all.json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["acme", "beta", "legacy"])
        let scoped = try await gateway.get("/v1/tenants", key: InProcessGateway.scopedKey)
        #expect(scoped.json?["data"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == ["beta"])
    }

    @Test func otherTenantIs403() async throws {
        let r = try await gateway.get("/v1/tenants/acme/users", key: InProcessGateway.scopedKey)
        #expect(r.status == 403)
        #expect(r.problemType == "/problems/forbidden")
    }

    @Test func unknownTenantIs404OnlyForWildcardKeys() async throws {
        #expect(try await gateway.get("/v1/tenants/nobody/users").status == 404)
        // A scoped key cannot tell unknown tenants from forbidden ones.
        #expect(try await gateway.get("/v1/tenants/nobody/users", key: InProcessGateway.scopedKey).status == 403)
    }

    @Test func readOnlyKeysCannotWrite() async throws {
        let body = #"{"from":"101","to":"+4922166966966"}"#
        let r = try await gateway.request(.POST, "/v1/tenants/acme/calls", body: body, key: InProcessGateway.readOnlyKey)
        #expect(r.status == 403)
        #expect(r.json?["detail"]?.stringValue?.contains("read-only") == true)
        #expect(try await gateway.get("/v1/tenants/acme/users", key: InProcessGateway.readOnlyKey).status == 200)
        #expect(try await gateway.request(.DELETE, "/v1/tenants/acme/phonebook/x", key: InProcessGateway.readOnlyKey).status == 403)
    }

    @Test func precedenceIs401Then403Then404Then400Then501() async throws {
        // Unknown query parameter on a route the tenant cannot serve.
        let path = "/v1/tenants/legacy/users?bogus=1"
        #expect(try await gateway.get(path, key: .some(nil)).status == 401)
        #expect(try await gateway.get(path, key: InProcessGateway.scopedKey).status == 403)
        #expect(try await gateway.get("/v1/tenants/ghost/users?bogus=1").status == 404)
        #expect(try await gateway.get(path).status == 400)
        let unsupported = try await gateway.get("/v1/tenants/legacy/users")
        #expect(unsupported.status == 501)
        #expect(unsupported.json?["capability"]?.stringValue == "users.list")
        #expect(unsupported.json?["tenant"]?.stringValue == "legacy")
        #expect(unsupported.json?["vendor"]?.stringValue == "vitalpbx")
    }

    @Test func serviceEndpointsNeedNoKey() async throws {
        #expect(try await gateway.get("/healthz", key: .some(nil)).status == 200)
        let ready = try await gateway.get("/readyz", key: .some(nil))
        #expect(ready.status == 200)
        #expect(ready.json?["tenants"]?.arrayValue?.count == 3)
        #expect(try await gateway.get("/openapi.yaml", key: .some(nil)).status == 200)
        #expect(try await gateway.get("/metrics", key: .some(nil)).status == 200)
    }

    @Test func digestComparisonIsConstantTimeOpenSSL() {
        // Equal-length digests are compared with CRYPTO_memcmp; differing lengths never match.
        let a = SHA256.digest(Array("a".utf8))
        var b = a
        b[31] ^= 1
        #expect(SHA256.constantTimeEquals(a, a))
        #expect(!SHA256.constantTimeEquals(a, b))
        #expect(!SHA256.constantTimeEquals(a, Array(a.prefix(31))))
        #expect(KeyStore.bearerToken("bearer  abc ") == "abc")
        #expect(KeyStore.bearerToken("Bearer") == nil)
        #expect(KeyStore.bearerToken("Token abc") == nil)
    }
}

/// Builds header lists for requests made without the helper.
struct HTTPHeadersBuilder {
    var headers = HTTPHeaders()
    mutating func add(_ n: String, _ v: String) { headers.add(n, v) }
}
