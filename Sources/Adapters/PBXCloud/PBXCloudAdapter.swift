// The PBXCloud adapter: see <V>Adapter.swift once written.
