import Foundation
import PBXCore
import Testing
@testable import Fonial
@testable import Simulators

/// The session lifecycle of issue 9, adapter against the real simulator over HTTP.
@Suite struct FonialSessionTests {
    @Test func firstRequestLogsInOnceAndLaterRequestsReuseTheSession() async throws {
        try await FonialRig.with { rig in
            _ = try await rig.adapter.devices(context: rig.context)
            #expect(rig.count("POST /session") == 1)
            #expect(rig.logins == 1)
            for _ in 0..<100 { _ = try await rig.adapter.numbers(context: rig.context) }
            #expect(rig.count("POST /session") == 1)
            #expect(rig.logins == 1)
            #expect(rig.count("POST /numbers/get") == 100)
            #expect(rig.events.logins == [true])
        }
    }

    @Test func forcedExpiryIsInvisibleAndCostsExactlyOneLogin() async throws {
        try await FonialRig.with { rig in
            _ = try await rig.adapter.devices(context: rig.context)
            rig.simulator.expireAllSessions()
            let devices = try await rig.adapter.devices(context: rig.context)
            #expect(!devices.isEmpty)
            #expect(rig.logins == 2)
            // The refused request and its replay.
            #expect(rig.count("POST /devices/get") == 3)
        }
    }

    @Test func expiryAfterRequestsRenewsTransparently() async throws {
        try await FonialRig.with { rig in
            rig.setFaults { $0.sessionExpiryAfterRequests = 5 }
            for _ in 0..<12 { _ = try await rig.adapter.numbers(context: rig.context) }
            // 5 + 5 + 2 answered requests need three sessions.
            #expect(rig.logins == 3)
        }
    }

    @Test func thousandConcurrentRequestsAtExpiryCauseOneLogin() async throws {
        try await FonialRig.with { rig in
            _ = try await rig.adapter.numbers(context: rig.context)
            #expect(rig.logins == 1)
            rig.simulator.expireAllSessions()
            let adapter = rig.adapter
            let context = rig.context
            let results = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<1000 {
                    group.addTask { (try? await adapter.numbers(context: context))?.count == 3 }
                }
                return await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.count == 1000)
            #expect(results.allSatisfy { $0 })
            #expect(rig.logins == 2)
            #expect(rig.count("POST /session") == 2)
            #expect(rig.events.logins == [true, true])
        }
    }

    @Test func aWaiterLeavesTheLoginAtItsDeadlineAndTheLoginCarriesOn() async throws {
        try await FonialRig.with { rig in
            rig.simulator.holdLogins()
            let adapter = rig.adapter
            // Starts the login, then gives up at its deadline while fonial holds the login.
            let short = PBXContext(deadline: .now + .milliseconds(300), requestID: "short")
            await #expect {
                try await adapter.devices(context: short)
            } throws: { error in
                guard case .timeout(let detail) = error as? PBXError else { return false }
                return detail.contains("login in progress")
            }
            #expect(rig.simulator.heldLogins == 1)
            // A cancelled waiter leaves at once, too.
            let cancelled = Task { try await adapter.numbers(context: rig.context) }
            #expect(await Self.eventually { await adapter.session.loginWaiters == 1 })
            cancelled.cancel()
            await #expect(throws: PBXError.self) { try await cancelled.value }
            #expect(await adapter.session.loginWaiters == 0)
            // The login was not stopped: a patient request gets its session.
            let patient = Task { try await adapter.numbers(context: rig.context) }
            #expect(await Self.eventually { await adapter.session.loginWaiters == 1 })
            rig.simulator.releaseLogins()
            let numbers = try await patient.value
            #expect(numbers.count == 3)
            #expect(rig.logins == 1)
            #expect(rig.count("POST /session") == 1)
            #expect(rig.events.logins == [true])
        }
    }

    @Test func aLoginSlowerThanTheLoginTimeoutFailsAndBacksOff() async throws {
        try await FonialRig.with(options: ["loginTimeoutSeconds": "1"]) { rig in
            rig.setFaults { $0.latencyMs = 5000; $0.onlyEndpoint = "/session/authenticate" }
            await #expect {
                try await rig.adapter.devices(context: rig.context)
            } throws: { error in
                if case .timeout = error as? PBXError { return true }
                return false
            }
            #expect(rig.events.logins == [false])
            // Backing off: the next request fails without another attempt at fonial.
            let attempts = rig.count("POST /session")
            await #expect(throws: PBXError.self) { try await rig.adapter.devices(context: rig.context) }
            #expect(rig.count("POST /session") == attempts)
            #expect(rig.events.logins == [false])
        }
    }

    /// `eventually` for state behind an actor.
    static func eventually(timeout: Duration = .seconds(120), _ condition: () async -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return await condition()
    }

    @Test func failedLoginsBackOffAndSayWhy() async throws {
        try await FonialRig.with(password: "wrong-password-canary") { rig in
            await #expect {
                try await rig.adapter.devices(context: rig.context)
            } throws: { error in
                guard case .authenticationFailed(let detail) = error as? PBXError else { return false }
                return detail.contains("username or password")
            }
            #expect(rig.logins == 1)
            // Within the back-off nothing reaches fonial, and the error says when it retries.
            for _ in 0..<5 {
                await #expect {
                    try await rig.adapter.numbers(context: rig.context)
                } throws: { error in
                    guard case .authenticationFailed(let detail) = error as? PBXError else { return false }
                    return detail.contains("next fonial login attempt in")
                }
            }
            #expect(rig.logins == 1)
            #expect(rig.count("POST /numbers/get") == 0)
            // After the first back-off (1 s + up to 10 % jitter) one more attempt, then 2 s.
            rig.clock.advance(1.2)
            _ = try? await rig.adapter.numbers(context: rig.context)
            #expect(rig.logins == 2)
            rig.clock.advance(1.2)
            _ = try? await rig.adapter.numbers(context: rig.context)
            #expect(rig.logins == 2)
            rig.clock.advance(1.2)
            _ = try? await rig.adapter.numbers(context: rig.context)
            #expect(rig.logins == 3)
            #expect(rig.events.logins == [false, false, false])
        }
    }

    @Test func loginRecoversAfterTheFaultClears() async throws {
        try await FonialRig.with { rig in
            rig.setFaults { $0.loginFailure = true }
            await #expect(throws: PBXError.self) { try await rig.adapter.devices(context: rig.context) }
            rig.setFaults { $0.loginFailure = false }
            // Still backing off: no attempt.
            await #expect(throws: PBXError.self) { try await rig.adapter.devices(context: rig.context) }
            #expect(rig.logins == 1)
            rig.clock.advance(1.2)
            let devices = try await rig.adapter.devices(context: rig.context)
            #expect(devices.count == 4)
            #expect(rig.logins == 2)
            #expect(rig.events.logins == [false, true])
        }
    }

    @Test func loginThatFailsWithAServerErrorIsAnUpstreamError() async throws {
        try await FonialRig.with { rig in
            rig.setFaults { $0.status = 500; $0.onlyEndpoint = "/session" }
            await #expect {
                try await rig.adapter.devices(context: rig.context)
            } throws: { error in
                if case .upstream(let status, _) = error as? PBXError { return status == 500 }
                return false
            }
            #expect(rig.count("POST /session") == 1)
            #expect(rig.logins == 0)
        }
    }

    @Test func sessionRefusedRightAfterLoginIsNotALoop() async throws {
        try await FonialRig.with { rig in
            rig.setFaults { $0.sessionExpiryAfterRequests = 0 }
            await #expect {
                try await rig.adapter.devices(context: rig.context)
            } throws: { error in
                guard case .upstream(_, let detail) = error as? PBXError else { return false }
                return detail.contains("freshly authenticated")
            }
            // First login, one renewal, no more.
            #expect(rig.logins == 2)
            #expect(rig.count("POST /devices/get") == 2)
        }
    }

    @Test(arguments: [
        { () -> FonialSimulatorSettings in var s = FonialSimulatorSettings(); s.authenticatedStyle = .stringOne; return s }(),
        { () -> FonialSimulatorSettings in var s = FonialSimulatorSettings(); s.errorField = "reason"; return s }(),
        { () -> FonialSimulatorSettings in var s = FonialSimulatorSettings(); s.invalidSessionHTTPStatus = 401; return s }(),
        { () -> FonialSimulatorSettings in var s = FonialSimulatorSettings(); s.invalidSessionHTTPStatus = 403; s.invalidSessionText = "not logged in"; return s }(),
    ])
    func everyVariantOfTheUndocumentedDetailsWorks(settings: FonialSimulatorSettings) async throws {
        try await FonialRig.with(simulator: settings) { rig in
            _ = try await rig.adapter.devices(context: rig.context)
            rig.simulator.expireAllSessions()
            #expect(try await rig.adapter.numbers(context: rig.context).count == 3)
            #expect(rig.logins == 2)
        }
    }

    @Test func proactiveRenewalAfterTheConfiguredAge() async throws {
        try await FonialRig.with(options: ["sessionMaxAgeSeconds": "300"]) { rig in
            _ = try await rig.adapter.devices(context: rig.context)
            rig.clock.advance(299)
            _ = try await rig.adapter.devices(context: rig.context)
            #expect(rig.logins == 1)
            rig.clock.advance(1)
            _ = try await rig.adapter.devices(context: rig.context)
            #expect(rig.logins == 2)
            #expect(rig.count("POST /devices/get") == 3)
        }
    }

    @Test func sessionIdNeverAppearsInErrorsOrEvents() async throws {
        try await FonialRig.with { rig in
            _ = try await rig.adapter.devices(context: rig.context)
            let sids = rig.simulator.sessionIDs
            #expect(sids.count == 1)
            rig.setFaults { $0.status = 502 }
            var texts: [String] = []
            do { _ = try await rig.adapter.devices(context: rig.context) } catch { texts.append("\(error)") }
            rig.setFaults { $0 = SimulatorFaults(); $0.garbageBody = true }
            do { _ = try await rig.adapter.numbers(context: rig.context) } catch { texts.append("\(error)") }
            texts += rig.events.all.map { "\($0)" }
            #expect(texts.count > 2)
            for sid in sids { #expect(!texts.contains { $0.contains(sid) }) }
            #expect(!texts.contains { $0.contains(rig.simulator.settings.password) })
        }
    }
}
