"""`make mutate`: mutation testing of the engine against its fast tests."""
