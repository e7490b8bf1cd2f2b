@registration
Feature: Self registration: waiting pages told by the server
  In order to see my order as soon as it is ready
  As a registrant
  I want a page that waits for my order to move on when the server says the order changed, not when it reloads itself

  Scenario: The reservation page moves on without reloading itself
    Given waiting pages give up at once and reload by themselves only after an hour
    And the published conference "Push Summit" with these seat types:
      | Name              | Price | Quota |
      | General admission | 199   | 100   |
    And the registrant selects these seats:
      | SeatType          | Quantity |
      | General admission | 2        |
    And the processor is paused
    When the registrant reserves the seats and the site says it is still reserving them
    And the processor goes on
    Then the registrant page shows without the page reloading itself
    And the total should read "$398.00"
