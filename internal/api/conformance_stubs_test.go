package api_test

func udataDatasetTests() []udataCase  { return nil }
func udataResourceTests() []udataCase { return nil }
