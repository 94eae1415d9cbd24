"""Operations of the API, one module per tag."""
