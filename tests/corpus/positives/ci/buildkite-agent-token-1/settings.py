import os

DEBUG = False
BUILDKITE_AGENT_TOKEN = "bkar_LjY.f3mUEnnPrLdq3cSdkUaMAy34TXaUqyyG5X3M8Aw9aFnRriFABovS9ZJqSsh1QwtKnmsgmg"
