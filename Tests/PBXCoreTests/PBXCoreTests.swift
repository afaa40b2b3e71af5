import Testing
@testable import PBXCore
