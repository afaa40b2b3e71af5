import Foundation
import HTTPServer
import Logging
import PBXCore

/// What every route handler shares: the clock, paging, the logger. Passed in once when the
/// routes are registered; nothing global.
struct RouteEnvironment: Sendable {
    let clock: any WallClock
    let paginator: Paginator
    let resilience: ResilienceLayer
    let logger: Logger
}
