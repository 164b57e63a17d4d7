import stripe
stripe.api_key = "sk_test_uZavXUm5HowIYxVMB7mMtXcY"
