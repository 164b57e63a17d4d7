# generated
PLAID_PRODUCTION_ACCESS_TOKEN=access-production-5fe19a66-2a4f-4d56-92bf-32c237c76cb7
