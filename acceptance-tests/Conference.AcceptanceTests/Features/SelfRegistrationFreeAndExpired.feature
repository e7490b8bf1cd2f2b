@registration
Feature: Free orders and expired reservations
  In order to register without paying when nothing is due, and to know when I was too slow
  As a registrant
  I want free orders to skip payment and an expired reservation to say so

  Scenario: A free of charge order skips payment
    Given the published conference "Community Day" with these seat types:
      | Name           | Price | Quota |
      | Community pass | 0     | 50    |
    And the registrant selects these seats:
      | SeatType       | Quantity |
      | Community pass | 2        |
    And the registrant proceeds to make the reservation
    Then the total should read "$0.00"
    When the registrant enters these details: "Ann" "Lee" "ann@contoso.com"
    And the registrant submits the details
    Then the order is confirmed with an access code

  Scenario: The reservation expires before the registrant pays
    Given the reservation window is 15 seconds
    And the published conference "Quick Summit" with these seat types:
      | Name              | Price | Quota |
      | General admission | 199   | 100   |
    And the registrant selects these seats:
      | SeatType          | Quantity |
      | General admission | 1        |
    And the registrant proceeds to make the reservation
    When the registrant waits for the reservation to expire
    Then the reservation expired page is shown
    And the registrant cannot pay any more
