import Testing
@testable import PBXCloud
