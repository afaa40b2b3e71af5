import Foundation
import PBXCore
import Testing
@testable import Fonial

@Suite struct FonialConfigurationTests {
    private func settings(url: String = "https://kundenkonto.fonial.de/api/2.0/", username: String? = "info@example.de",
                          password: String? = "pw", callbackPath: String? = nil,
                          options: [String: String] = [:]) -> TenantSettings {
        TenantSettings(id: "beta", vendor: "fonial", url: URL(string: url)!, username: username, password: password,
                       callbackPath: callbackPath, options: options)
    }

    @Test func defaults() throws {
        let c = try FonialConfiguration(settings: settings())
        #expect(c.baseURL == "https://kundenkonto.fonial.de/api/2.0")
        #expect(c.callbackPath == "/call/callback")
        #expect(c.country == "DE")
        #expect(c.window == .seconds(24 * 3600))
        #expect(c.loginBackoff == .seconds(1))
        #expect(c.loginBackoffMax == .seconds(60))
        #expect(c.sessionMaxAge == nil)
        #expect(c.loginTimeout == .seconds(30))
        #expect(c.timeZone.secondsFromGMT() == 0)
    }

    @Test func theDefaultLoginTimeoutIsNeverShorterThanTheRequestDeadline() throws {
        var s = settings()
        s.timeout = .seconds(45)
        #expect(try FonialConfiguration(settings: s).loginTimeout == .seconds(45))
        s.timeout = .seconds(5)
        #expect(try FonialConfiguration(settings: s).loginTimeout == .seconds(30))
    }

    @Test func optionsAreRead() throws {
        let c = try FonialConfiguration(settings: settings(callbackPath: "/callback", options: [
            "windowHours": "6", "loginBackoffSeconds": "0.5", "loginBackoffMaxSeconds": "10", "sessionMaxAgeSeconds": "300",
            "loginTimeoutSeconds": "12.5",
        ]))
        #expect(c.callbackPath == "/callback")
        #expect(c.window == .seconds(6 * 3600))
        #expect(c.loginBackoff == .milliseconds(500))
        #expect(c.loginBackoffMax == .seconds(10))
        #expect(c.sessionMaxAge == .seconds(300))
        #expect(c.loginTimeout == .milliseconds(12_500))
    }

    @Test(arguments: [
        ("username", [String: String]()),
        ("password", [:]),
        ("callbackPath", [:]),
        ("options.windowHours", ["windowHours": "0"]),
        ("options.windowHours", ["windowHours": "abc"]),
        ("options.loginBackoffSeconds", ["loginBackoffSeconds": "-1"]),
        ("options.loginBackoffMaxSeconds", ["loginBackoffSeconds": "30", "loginBackoffMaxSeconds": "5"]),
        ("options.sessionTTL", ["sessionTTL": "5"]),
        ("options.loginTimeoutSeconds", ["loginTimeoutSeconds": "0"]),
        ("url", [:]),
    ])
    func invalidSettingsNameTheKey(key: String, options: [String: String]) {
        let s: TenantSettings = switch key {
        case "username": settings(username: "")
        case "password": settings(password: nil)
        case "callbackPath": settings(callbackPath: "/call/../admin")
        case "url": settings(url: "ftp://kundenkonto.fonial.de/api/2.0")
        default: settings(options: options)
        }
        #expect {
            try FonialConfiguration(settings: s)
        } throws: { error in
            (error as? AdapterConfigurationError)?.key == key && (error as? AdapterConfigurationError)?.tenant == "beta"
        }
    }

    @Test(arguments: ["/call/callback", "/callback", "/call/initiate", "/a-b_c.d~e"])
    func safeCallbackPaths(path: String) { #expect(FonialConfiguration.isSafePath(path)) }

    @Test(arguments: ["", "call", "/", "/a//b", "/a/../b", "/a?x=1", "/a#b", "/a b", "/a\u{0}b", "/ä", "/a%2F"])
    func unsafeCallbackPaths(path: String) { #expect(!FonialConfiguration.isSafePath(path)) }

    @Test func passwordNeverAppearsInConfigurationErrors() {
        let s = settings(password: "canary-secret-123", options: ["windowHours": "canary-secret-123"])
        do {
            _ = try FonialConfiguration(settings: s)
            Issue.record("expected an error")
        } catch {
            #expect(!error.description.contains("canary-secret-123"))
        }
    }
}
