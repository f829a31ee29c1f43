package api_test

func udataResourceTests() []udataCase { return nil }
