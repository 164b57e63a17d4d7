# generated
AMAZON_MWS_AUTH_TOKEN=amzn.mws.1a1b3163-ebe3-4523-8f65-9bb9c350e7fe
