import HTTPServer

/// `/healthz`, `/readyz`, `/metrics`, `/openapi.yaml`: no key needed, no secrets shown.
struct ServiceRoutes {
    let directory: TenantDirectory
    let metrics: GatewayMetrics
    let openAPI: [UInt8]

    func register(on router: inout Router) {
        let directory = directory, metrics = metrics, openAPI = openAPI
        router.get("/healthz") { request, _ in
            _ = try QueryParameters(request.query, allowed: [])
            return .json(Array(#"{"status":"ok"}"#.utf8))
        }
        router.get("/readyz") { request, _ in
            _ = try QueryParameters(request.query, allowed: [])
            return .json(JSONWriter.object { w in
                w.beginObject()
                w.key("status"); w.string("ready")
                w.key("tenants")
                w.beginArray()
                for t in directory.tenants {
                    w.beginObject()
                    w.key("id"); w.string(t.id)
                    w.key("vendor"); w.string(t.vendor)
                    // No breaker yet: a tenant is `ok` when it has an adapter, `degraded`
                    // when its vendor has none in this build (it answers 501).
                    w.key("state"); w.string(t.adapter == nil ? "degraded" : "ok")
                    w.endObject()
                }
                w.endArray()
                w.endObject()
            })
        }
        router.get("/metrics") { request, _ in
            _ = try QueryParameters(request.query, allowed: [])
            return HTTPResponse(status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"], body: metrics.render())
        }
        router.get("/openapi.yaml") { request, _ in
            _ = try QueryParameters(request.query, allowed: [])
            return HTTPResponse(status: .ok, headers: ["Content-Type": "application/yaml"], body: openAPI)
        }
    }
}
