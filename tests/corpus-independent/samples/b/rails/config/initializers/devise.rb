Devise.setup do |config|
  config.secret_key = 'b4c71ec1699b612d0e6c5b3f4eb40ec01d4b4d603dd8685761e8ad8bf2fe331c5defd5adc1874bb622833df1104816251c14941f6346ff1a7337eebee1399b9d'
  config.mailer_sender = 'no-reply@example.com'
end
