import Foundation
import PBXCore
import Testing
@testable import Pascom

@Suite("pascom users, queues, devices, numbers from the docs' examples")
struct PascomDirectoryMappingTests {
    let mapping = PascomMapping.germany

    @Test func userFromList() throws {
        let identity = try PascomIdentity(try #require(Fixture.list("identities").first))
        let user = mapping.user(identity, hint: nil)
        #expect(user.id == "agrassl")
        #expect(user.username == "agrassl")
        #expect(user.name == "Andreas Grassl")
        #expect(user.extensions == ["101"])
        #expect(user.email == "schulung@pascom.io")
        #expect(user.presence == .available)          // USER_AVAILABLE
    }

    @Test func singleUserWithStates() throws {
        let identity = try PascomIdentity(Fixture.object("identity"))
        let states = try PascomBody.keyed(Fixture.bytes("identity-states"), what: "states")
        let user = mapping.user(identity, hint: states["tsander"]?.string("state"))
        #expect(user.id == "tsander")
        #expect(user.username == "tsander")
        #expect(user.name == "Tina Sander")
        #expect(user.extensions == ["221"])
        #expect(user.email == nil)                    // the single-user view has no 016voi_email
        #expect(user.presence == .offline)            // state null, line Unavailable
    }

    @Test func presenceCombinesLineAndUserState() {
        #expect(PascomMapping.presence(userState: "USER_AVAILABLE", hint: "InUse") == .busy)
        #expect(PascomMapping.presence(userState: "USER_AWAY", hint: "Ringing") == .ringing)
        #expect(PascomMapping.presence(userState: "USER_AWAY", hint: "Idle") == .away)
        #expect(PascomMapping.presence(userState: nil, hint: "Idle") == .available)
        #expect(PascomMapping.presence(userState: "USER_UNKNOWN", hint: nil) == .unknown)
    }

    @Test func queueHeader() throws {
        let q = mapping.queue(try PascomQueueHeader(try #require(Fixture.list("queues").first)))
        #expect(q.id == "Zentrale")
        #expect(q.name == "Zentrale")
        #expect(q.extension == "200")
        #expect(q.waitingCalls == 0)
        #expect(q.agentCount == 7)                    // 6 active + 0 paused + 1 inactive
    }

    @Test func queueDetailAndAgents() throws {
        let detail = try PascomQueueDetail(Fixture.object("queue"))
        let q = mapping.queue(detail)
        #expect(q.id == "Zentrale")
        #expect(q.name == "Zentrale")
        #expect(q.extension == "200")
        #expect(q.waitingCalls == 0)
        #expect(q.agentCount == 1)
        let member = try #require(detail.members.first)
        let agent = mapping.agent(member, hint: "Idle")
        #expect(agent.id == "jgeissler")
        #expect(agent.userId == "jgeissler")
        #expect(agent.name == "Jenny Geissler")
        #expect(agent.extension == "324")
        #expect(agent.paused == false)
        #expect(agent.pauseReason == nil)
        #expect(agent.state == .idle)
        #expect(mapping.agent(member, hint: nil).state == .unknown)
        var loggedOut = member
        loggedOut.loggedIn = false
        #expect(mapping.agent(loggedOut, hint: "Idle").state == .unavailable)
    }

    @Test func deviceDetailWithoutSecrets() throws {
        let device = mapping.device(try PascomDevice(Fixture.object("device")), state: "Idle")
        #expect(device.id == "pascom Softphone [Tina Sander]")
        #expect(device.name == "pascom Softphone [Tina Sander]")
        #expect(device.userId == "tsander")
        #expect(device.state == "Idle")
        let raw = try #require(device.raw)
        #expect(raw["013pee_password"] == nil)
        #expect(raw["013pee_username"] == nil)
        #expect(raw["010dev_id"] == .number(3))
    }

    @Test func deviceHeadersAndStates() throws {
        let headers = try Fixture.list("devices").map(PascomDevice.init)
        #expect(headers.map(\.name) == ["Fax Tina Sander", "Fax Stefanie Baumann", "mobile 13 [Otto Wankler]"])
        let d = mapping.device(headers[2], state: nil)
        #expect(d.id == "mobile 13 [Otto Wankler]")
        #expect(d.name == "mobile 13 [Otto Wankler]")
        #expect(d.userId == nil)
        #expect(d.state == nil)
        let states = try PascomBody.keyed(Fixture.bytes("ipdevice-states"), what: "states")
        #expect(states["mobile 2 [Veronika Mendes]"]?.string("state") == "Unavailable")
        #expect(states.count == 3)
    }

    @Test func numbersFromTrunkStatus() throws {
        let status = PascomTrunkStatus(try PascomBody.keyed(Fixture.bytes("trunk-status"), what: "trunks"))
        let numbers = status.numbers.map(mapping.number)
        #expect(numbers.count == 1)                   // the same number under register and peer
        #expect(numbers[0].id == "+49xxxxxxxxxx")
        #expect(numbers[0].number == "+49xxxxxxxxxx") // the doc masks it; left as sent
        #expect(numbers[0].raw?["trunk"] == .string("mnet2"))
    }
}
