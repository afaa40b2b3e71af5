import Testing
import HTTPServer

/// `PathParameters` keeps one parameter inline and the rest in a dictionary; whichever holds
/// a value, it must behave like the dictionary it replaced.
@Suite struct PathParametersTests {
    @Test func behavesLikeADictionaryThroughSetsAndRemovals() {
        var p = PathParameters()
        var model: [String: String] = [:]
        let steps: [(String, String?)] = [("tenant", "acme"), ("id", "7"), ("tenant", "beta"), ("box", "1"),
                                          ("tenant", nil), ("id", nil), ("missing", nil), ("box", "2"), ("box", nil), ("x", "y")]
        for (name, value) in steps {
            p[name] = value
            model[name] = value
            #expect(p.dictionary == model, "after setting \(name)")
            #expect(p.count == model.count)
            #expect(p.isEmpty == model.isEmpty)
            for key in ["tenant", "id", "box", "missing", "x"] { #expect(p[key] == model[key]) }
        }
        #expect(PathParameters(model) == p)
    }

    @Test func allNamedIsAboutEveryParameter() {
        #expect(PathParameters().allNamed("tenant"))
        #expect(PathParameters(["tenant": "a"]).allNamed("tenant"))
        #expect(!PathParameters(["tenant": "a", "id": "1"]).allNamed("tenant"))
        #expect(!PathParameters(["id": "1"]).allNamed("tenant"))
    }

    @Test func theRouterFillsThemDecoded() {
        var router = Router()
        router.get("/t/{tenant}/c/{callId}") { _, _ in .text("") }
        guard case .found(_, _, let parameters) = router.match(.GET, path: "/t/a%20b/c/%C3%A9") else {
            Issue.record("no match"); return
        }
        #expect(parameters.dictionary == ["tenant": "a b", "callId": "é"])
        guard case .notFound = router.match(.GET, path: "/t/%FF/c/1") else { Issue.record("invalid UTF-8 matched"); return }
    }
}
