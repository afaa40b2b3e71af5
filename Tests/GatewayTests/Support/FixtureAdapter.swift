import Foundation
import PBXCore
import Synchronization

/// An adapter over in-memory data, for tests of the gateway's own logic (paging, auth,
/// encoding, error mapping) independent of any vendor. Vendor behaviour is tested through
/// the real adapters and simulators in the end-to-end and conformance suites.
final class FixtureAdapter: PBXAdapter {
    let vendor: String
    let capabilities: Set<Capability>
    let users: [User]
    let calls: [Call]
    /// Page users with tokens (vendor paging) instead of returning them all.
    let tokenPaging: Bool
    /// Thrown by every operation when set.
    let failure: PBXError?
    private let state = Mutex<(contacts: [Contact], originated: [OriginateRequest], nextID: Int)>(([], [], 1))

    init(vendor: String = "pascom", capabilities: Set<Capability> = Set(Capability.allCases), userCount: Int = 25,
         tokenPaging: Bool = false, failure: PBXError? = nil) {
        self.vendor = vendor
        self.capabilities = capabilities
        self.tokenPaging = tokenPaging
        self.failure = failure
        users = (0..<userCount).map { i in
            User(id: "u\(i)", name: "User \(i)", username: "user\(i)", extensions: ["\(100 + i)"], email: nil,
                 presence: i % 2 == 0 ? .available : .unknown,
                 raw: .object(["id": .number(Double(i)), "013pee_password": .string("sip-secret-\(i)"), "name": .string("User \(i)")]))
        }
        calls = (0..<30).map(Self.call)
    }

    static func call(_ i: Int) -> Call {
        let started = Date(timeIntervalSince1970: 1_700_000_000 + Double(i * 60))
        let answered: Date? = i % 2 == 0 ? started.addingTimeInterval(5) : nil
        let direction: CallDirection = i % 3 == 0 ? .inbound : .outbound
        return Call(id: "c\(i)", direction: direction, status: .answered, startedAt: started, answeredAt: answered,
                    durationSeconds: i % 2 == 0 ? 42 : nil,
                    from: Party(number: "+4922166966966", rawNumber: "022166966966"),
                    to: Party(number: "101", rawNumber: "101", extension: "101"))
    }

    func check() throws { if let failure { throw failure } }

    func listUsers(query: String?, page: PageRequest, context: PBXContext) async throws -> Page<User> {
        try check()
        let matching = users.filter { u in query.map { q in u.name?.contains(q) ?? false } ?? true }
        guard tokenPaging else { return .all(matching) }
        let start = Int(page.token ?? "0") ?? 0
        let end = min(start + page.limit, matching.count)
        return Page(items: Array(matching[start..<end]), nextToken: end < matching.count ? String(end) : nil)
    }

    func user(id: String, context: PBXContext) async throws -> User {
        try check()
        guard let u = users.first(where: { $0.id == id }) else { throw PBXError.notFound("user \(id)") }
        return u
    }

    func listCalls(_ query: CallQuery, page: PageRequest, context: PBXContext) async throws -> Page<Call> {
        try check()
        return .all(calls.filter { $0.startedAt >= query.since && $0.startedAt <= query.until }.reversed())
    }

    func originate(_ request: OriginateRequest, context: PBXContext) async throws -> OriginateResult {
        try check()
        let id = state.withLock { s in s.originated.append(request); defer { s.nextID += 1 }; return s.nextID }
        return OriginateResult(callId: "call-\(id)")
    }

    var originated: [OriginateRequest] { state.withLock { $0.originated } }

    func contacts(query: String?, page: PageRequest, context: PBXContext) async throws -> Page<Contact> {
        try check()
        return .all(state.withLock { $0.contacts })
    }

    func createContact(_ input: ContactInput, context: PBXContext) async throws -> Contact {
        try check()
        return state.withLock { s in
            let c = Contact(id: "ct/\(s.nextID)", name: input.name, firstName: input.firstName, lastName: input.lastName,
                            company: input.company, email: input.email,
                            numbers: input.numbers.map { ContactNumber(type: $0.type, number: $0.number, rawNumber: $0.number) })
            s.nextID += 1
            s.contacts.append(c)
            return c
        }
    }
}
